/**
 * The OpenAI Chat Completions request as the gateway accepts it (the canonical request).
 * Strict where OpenAI is strict: unknown top-level fields and out-of-range values are a 400,
 * never silently dropped or clamped. Gateway extensions are marked as such.
 */
import * as z from 'zod';
import { modelIdSchema } from './models/model-id';

/** Gateway extension (Anthropic's prompt-cache breakpoint), mapped for Anthropic targets. */
const cacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const textPart = z.strictObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl.optional() });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
const audioPart = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

export const userContentPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
export type UserContentPart = z.infer<typeof userContentPart>;

const toolCall = z.strictObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string(), arguments: z.string() }),
  /** Gateway extension: opaque per-call signature to echo back (Gemini thoughtSignature). */
  signature: z.string().optional(),
});
export type ChatToolCall = z.infer<typeof toolCall>;

/** Gateway extension: signed reasoning handed back to providers that require it (Anthropic). */
const thinkingBlock = z.strictObject({
  type: z.enum(['thinking', 'redacted_thinking']),
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});

const systemMessage = z.strictObject({
  role: z.literal('system'),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  name: z.string().optional(),
});
const developerMessage = z.strictObject({
  role: z.literal('developer'),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  name: z.string().optional(),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userContentPart).min(1)]),
  name: z.string().optional(),
});
const assistantMessage = z.strictObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart])), z.null()]).optional(),
  refusal: z.string().nullish(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  function_call: z.strictObject({ name: z.string(), arguments: z.string() }).nullish(),
  audio: z.strictObject({ id: z.string() }).nullish(),
  /** Gateway extension (DeepSeek's name): reasoning text produced on this turn. */
  reasoning_content: z.string().nullish(),
  /** Gateway extension: signed thinking blocks produced on this turn. */
  thinking_blocks: z.array(thinkingBlock).optional(),
  /**
   * Gateway extension as clients echo it: a tool call's `signature` copied onto the message
   * (the OpenAI Agents SDK does). Mapped back onto the calls by surfaces/openai/reasoning-echo.ts.
   */
  signature: z.string().optional(),
});
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  tool_call_id: z.string().min(1),
});
const functionMessage = z.strictObject({
  role: z.literal('function'),
  content: z.string().nullable(),
  name: z.string(),
});

export const chatMessage = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);
export type ChatMessage = z.infer<typeof chatMessage>;

const jsonSchemaObject = z.record(z.string(), z.unknown());

const functionDefinition = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash'),
  description: z.string().optional(),
  parameters: jsonSchemaObject.optional(),
  strict: z.boolean().nullish(),
});

const tool = z.strictObject({ type: z.literal('function'), function: functionDefinition });
export type ChatTool = z.infer<typeof tool>;

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
      description: z.string().optional(),
      schema: jsonSchemaObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveInt = z.number().int().min(1);

export const chatRequestSchema = z.strictObject({
  model: modelIdSchema,
  messages: z.array(chatMessage).min(1),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  tools: z.array(tool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  functions: z.array(functionDefinition).max(128).optional(),
  function_call: z.union([z.enum(['none', 'auto']), z.strictObject({ name: z.string() })]).optional(),
  response_format: responseFormat.optional(),
  user: z.string().optional(),
  safety_identifier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
  verbosity: z.enum(['low', 'medium', 'high']).nullish(),
  modalities: z.array(z.enum(['text', 'audio'])).nullish(),
  audio: z.strictObject({ voice: z.string(), format: z.string() }).nullish(),
  prediction: z.strictObject({ type: z.literal('content'), content: z.unknown() }).nullish(),
  web_search_options: z.record(z.string(), z.unknown()).optional(),
  /** Gateway extension for providers that take it (Anthropic, Gemini). */
  top_k: z.number().int().min(1).nullish(),
  /** Gateway extension: extended thinking budget (Anthropic `thinking`, Gemini `thinkingConfig`). */
  thinking: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1) }),
      z.strictObject({ type: z.literal('disabled') }),
    ])
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
