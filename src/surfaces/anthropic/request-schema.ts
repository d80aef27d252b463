/**
 * The Anthropic Messages request as `/v1/messages` reads it. The schema declares what the
 * gateway interprets, strictly typed; what it does not declare is dropped and named by the
 * fidelity rule (lib/fidelity, docs/fidelity.md), never a 400 unless the caller asks for strictness.
 * Declared but without effect on a translated request: `cache_control` (other providers cache
 * implicitly), a tool's `eager_input_streaming` and `defer_loading` (streaming and loading hints).
 * Response-only fields that SDKs echo back (`citations: null` on text, `caller` on tool_use)
 * are accepted and ignored.
 */
import { modelIdSchema } from '../../lib/models/model-id';
import * as z from '../../lib/zod';

const cacheControl = z.nullish(z.strictObject({ type: z.literal('ephemeral'), ttl: z.optional(z.enum(['5m', '1h'])) }));

/** Anthropic's tool-name rule, which is also what the canonical (OpenAI) request allows. */
const toolName = z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash'));

export const textBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
  citations: z.nullish(z.array(z.unknown())),
});

const imageSource = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().check(z.minLength(1)),
  }),
  z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
]);

export const imageBlock = z.strictObject({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });

const documentSource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().check(z.minLength(1)) }),
  z.strictObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
  z.strictObject({ type: z.literal('url'), url: z.string() }),
  z.strictObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.unknown())]) }),
  z.strictObject({ type: z.literal('file'), file_id: z.string() }),
]);

/** Every source shape is accepted here so the converter can say precisely which ones it cannot map. */
export const documentBlock = z.strictObject({
  type: z.literal('document'),
  source: documentSource,
  title: z.nullish(z.string()),
  context: z.nullish(z.string()),
  citations: z.nullish(z.strictObject({ enabled: z.optional(z.boolean()) })),
  cache_control: cacheControl,
});

export const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
  caller: z.optional(z.looseObject({ type: z.string() })),
  /** Gateway extension, as the gateway sent it: a provider's opaque per-call signature (Gemini thoughtSignature). */
  signature: z.optional(z.string()),
});

export const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().check(z.minLength(1)),
  content: z.optional(z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock]))])),
  is_error: z.optional(z.boolean()),
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
  description: z.optional(z.string()),
  input_schema: z.looseObject({ type: z.literal('object') }),
  cache_control: cacheControl,
  type: z.nullish(z.literal('custom')),
  eager_input_streaming: z.nullish(z.boolean()),
  defer_loading: z.nullish(z.boolean()),
});

const disableParallel = { disable_parallel_tool_use: z.optional(z.boolean()) };
const toolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), ...disableParallel }),
  z.strictObject({ type: z.literal('any'), ...disableParallel }),
  z.strictObject({ type: z.literal('tool'), name: toolName, ...disableParallel }),
  z.strictObject({ type: z.literal('none') }),
]);

/** `display` (summarized / omitted thinking text) only shapes what Anthropic returns. */
const display = { display: z.nullish(z.string()) };
const thinking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enabled'), budget_tokens: z.int().check(z.gte(1)), ...display }),
  z.strictObject({ type: z.literal('disabled') }),
  /** The model decides how much to think; `output_config.effort` steers it. */
  z.strictObject({ type: z.literal('adaptive'), ...display }),
]);

/** Structured output: Anthropic's `output_config.format` (and the older top-level `output_format`). */
const outputFormat = z.strictObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });
export type OutputFormat = z.infer<typeof outputFormat>;

const outputConfig = z.strictObject({
  effort: z.nullish(z.enum(['low', 'medium', 'high', 'max'])),
  format: z.nullish(outputFormat),
});
export type OutputConfig = z.infer<typeof outputConfig>;

export const messagesRequestSchema = z.strictObject({
  model: modelIdSchema,
  messages: z.array(messageParam).check(z.minLength(1)),
  max_tokens: z.int().check(z.gte(1)),
  system: z.optional(z.union([z.string(), z.array(textBlock)])),
  stop_sequences: z.optional(z.array(z.string().check(z.minLength(1)))),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_k: z.optional(z.int().check(z.gte(1))),
  stream: z.optional(z.boolean()),
  tools: z.optional(z.array(tool)),
  tool_choice: z.optional(toolChoice),
  thinking: z.optional(thinking),
  output_config: z.optional(outputConfig),
  output_format: z.nullish(outputFormat),
  metadata: z.optional(z.strictObject({ user_id: z.nullish(z.string().check(z.maxLength(256))) })),
  service_tier: z.optional(z.enum(['auto', 'standard_only'])),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
