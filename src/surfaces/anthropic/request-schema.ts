/**
 * The Anthropic Messages request as `/v1/messages` reads it. The schema declares what the
 * gateway interprets, strictly typed; what it does not declare is dropped and named by the
 * fidelity rule (lib/fidelity, docs/fidelity.md), never a 400 unless the caller asks for strictness.
 * Declared but without effect on a translated request: `cache_control` (other providers cache
 * implicitly), a tool's `eager_input_streaming` and `defer_loading` (streaming and loading hints).
 * Response-only fields that SDKs echo back (`citations: null` on text, `caller` on tool_use)
 * are accepted and ignored.
 */
import * as z from 'zod';
import { modelIdSchema } from '../../lib/models/model-id';

const cacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).nullish();

/** Anthropic's tool-name rule, which is also what the canonical (OpenAI) request allows. */
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash');

export const textBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
  citations: z.array(z.unknown()).nullish(),
});

const imageSource = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().min(1),
  }),
  z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
]);

export const imageBlock = z.strictObject({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });

const documentSource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().min(1) }),
  z.strictObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
  z.strictObject({ type: z.literal('url'), url: z.string() }),
  z.strictObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.unknown())]) }),
  z.strictObject({ type: z.literal('file'), file_id: z.string() }),
]);

/** Every source shape is accepted here so the converter can say precisely which ones it cannot map. */
export const documentBlock = z.strictObject({
  type: z.literal('document'),
  source: documentSource,
  title: z.string().nullish(),
  context: z.string().nullish(),
  citations: z.strictObject({ enabled: z.boolean().optional() }).nullish(),
  cache_control: cacheControl,
});

export const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
  caller: z.looseObject({ type: z.string() }).optional(),
  /** Gateway extension, as the gateway sent it: a provider's opaque per-call signature (Gemini thoughtSignature). */
  signature: z.string().optional(),
});

export const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

export const thinkingBlock = z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
export const redactedThinkingBlock = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);
export type ContentBlock = z.infer<typeof contentBlock>;

export const messageParam = z.strictObject({
  /** `system` entries (Claude Code sends them) join the system prompt. */
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});
export type MessageParam = z.infer<typeof messageParam>;

const tool = z.strictObject({
  name: toolName,
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  cache_control: cacheControl,
  type: z.literal('custom').nullish(),
  eager_input_streaming: z.boolean().nullish(),
  defer_loading: z.boolean().nullish(),
});

const disableParallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), ...disableParallel }),
  z.strictObject({ type: z.literal('any'), ...disableParallel }),
  z.strictObject({ type: z.literal('tool'), name: toolName, ...disableParallel }),
  z.strictObject({ type: z.literal('none') }),
]);

/** `display` (summarized / omitted thinking text) only shapes what Anthropic returns. */
const display = { display: z.string().nullish() };
const thinking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1), ...display }),
  z.strictObject({ type: z.literal('disabled') }),
  /** The model decides how much to think; `output_config.effort` steers it. */
  z.strictObject({ type: z.literal('adaptive'), ...display }),
]);

/** Structured output: Anthropic's `output_config.format` (and the older top-level `output_format`). */
const outputFormat = z.strictObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });
export type OutputFormat = z.infer<typeof outputFormat>;

const outputConfig = z.strictObject({
  effort: z.enum(['low', 'medium', 'high', 'max']).nullish(),
  format: outputFormat.nullish(),
});
export type OutputConfig = z.infer<typeof outputConfig>;

export const messagesRequestSchema = z.strictObject({
  model: modelIdSchema,
  messages: z.array(messageParam).min(1),
  max_tokens: z.number().int().min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string().min(1)).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(1).optional(),
  stream: z.boolean().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  output_config: outputConfig.optional(),
  output_format: outputFormat.nullish(),
  metadata: z.strictObject({ user_id: z.string().max(256).nullish() }).optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
