/**
 * The OpenAI Chat Completions request as the gateway accepts it (the canonical request).
 * Strict where OpenAI is strict: unknown top-level fields and out-of-range values are a 400,
 * never silently dropped or clamped. Gateway extensions are marked as such.
 */
import { modelIdSchema } from './models/model-id';
import * as z from './zod';

/** Gateway extension (Anthropic's prompt-cache breakpoint), mapped for Anthropic targets. */
const cacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.optional(z.enum(['5m', '1h'])) });
const textPart = z.strictObject({ type: z.literal('text'), text: z.string(), cache_control: z.optional(cacheControl) });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().check(z.minLength(1)),
    detail: z.optional(z.enum(['auto', 'low', 'high'])),
  }),
});
const audioPart = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({
    file_data: z.optional(z.string()),
    file_id: z.optional(z.string()),
    filename: z.optional(z.string()),
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
  signature: z.optional(z.string()),
});
export type ChatToolCall = z.infer<typeof toolCall>;

/** Gateway extension: signed reasoning handed back to providers that require it (Anthropic). */
const thinkingBlock = z.strictObject({
  type: z.enum(['thinking', 'redacted_thinking']),
  thinking: z.optional(z.string()),
  signature: z.optional(z.string()),
  data: z.optional(z.string()),
});

const systemMessage = z.strictObject({
  role: z.literal('system'),
  content: z.union([z.string(), z.array(textPart).check(z.minLength(1))]),
  name: z.optional(z.string()),
});
const developerMessage = z.strictObject({
  role: z.literal('developer'),
  content: z.union([z.string(), z.array(textPart).check(z.minLength(1))]),
  name: z.optional(z.string()),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userContentPart).check(z.minLength(1))]),
  name: z.optional(z.string()),
});
const assistantMessage = z.strictObject({
  role: z.literal('assistant'),
  content: z.optional(z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart])), z.null()])),
  refusal: z.nullish(z.string()),
  name: z.optional(z.string()),
  tool_calls: z.optional(z.array(toolCall)),
  function_call: z.nullish(z.strictObject({ name: z.string(), arguments: z.string() })),
  audio: z.nullish(z.strictObject({ id: z.string() })),
  /** Gateway extension (DeepSeek's name): reasoning text produced on this turn. */
  reasoning_content: z.nullish(z.string()),
  /** Gateway extension: signed thinking blocks produced on this turn. */
  thinking_blocks: z.optional(z.array(thinkingBlock)),
  /**
   * Gateway extension as clients echo it: a tool call's `signature` copied onto the message
   * (the OpenAI Agents SDK does). Mapped back onto the calls by surfaces/openai/reasoning-echo.ts.
   */
  signature: z.optional(z.string()),
});
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: z.union([z.string(), z.array(textPart).check(z.minLength(1))]),
  tool_call_id: z.string().check(z.minLength(1)),
});
const functionMessage = z.strictObject({
  role: z.literal('function'),
  content: z.nullable(z.string()),
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
  name: z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash')),
  description: z.optional(z.string()),
  parameters: z.optional(jsonSchemaObject),
  strict: z.nullish(z.boolean()),
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
      name: z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/)),
      description: z.optional(z.string()),
      schema: z.optional(jsonSchemaObject),
      strict: z.nullish(z.boolean()),
    }),
  }),
]);

const positiveInt = z.int().check(z.gte(1));

export const chatRequestSchema = z.strictObject({
  model: modelIdSchema,
  messages: z.array(chatMessage).check(z.minLength(1)),
  frequency_penalty: z.nullish(z.number().check(z.gte(-2), z.lte(2))),
  presence_penalty: z.nullish(z.number().check(z.gte(-2), z.lte(2))),
  logit_bias: z.nullish(z.record(z.string(), z.number().check(z.gte(-100), z.lte(100)))),
  logprobs: z.nullish(z.boolean()),
  top_logprobs: z.nullish(z.int().check(z.gte(0), z.lte(20))),
  max_tokens: z.nullish(positiveInt),
  max_completion_tokens: z.nullish(positiveInt),
  n: z.nullish(z.int().check(z.gte(1), z.lte(128))),
  seed: z.nullish(z.int()),
  stop: z.nullish(z.union([z.string(), z.array(z.string()).check(z.maxLength(4))])),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.strictObject({ include_usage: z.optional(z.boolean()), include_obfuscation: z.optional(z.boolean()) })),
  temperature: z.nullish(z.number().check(z.gte(0), z.lte(2))),
  top_p: z.nullish(z.number().check(z.gte(0), z.lte(1))),
  tools: z.optional(z.array(tool).check(z.maxLength(128))),
  tool_choice: z.optional(toolChoice),
  parallel_tool_calls: z.optional(z.boolean()),
  functions: z.optional(z.array(functionDefinition).check(z.maxLength(128))),
  function_call: z.optional(z.union([z.enum(['none', 'auto']), z.strictObject({ name: z.string() })])),
  response_format: z.optional(responseFormat),
  user: z.optional(z.string()),
  safety_identifier: z.nullish(z.string()),
  prompt_cache_key: z.nullish(z.string()),
  metadata: z.nullish(z.record(z.string(), z.string())),
  store: z.nullish(z.boolean()),
  service_tier: z.nullish(z.enum(['auto', 'default', 'flex', 'scale', 'priority'])),
  reasoning_effort: z.nullish(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
  verbosity: z.nullish(z.enum(['low', 'medium', 'high'])),
  modalities: z.nullish(z.array(z.enum(['text', 'audio']))),
  audio: z.nullish(z.strictObject({ voice: z.string(), format: z.string() })),
  prediction: z.nullish(z.strictObject({ type: z.literal('content'), content: z.unknown() })),
  web_search_options: z.optional(z.record(z.string(), z.unknown())),
  /** Gateway extension for providers that take it (Anthropic, Gemini). */
  top_k: z.nullish(z.int().check(z.gte(1))),
  /** Gateway extension: extended thinking budget (Anthropic `thinking`, Gemini `thinkingConfig`). */
  thinking: z.optional(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('enabled'), budget_tokens: z.int().check(z.gte(1)) }),
      z.strictObject({ type: z.literal('disabled') }),
    ]),
  ),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
