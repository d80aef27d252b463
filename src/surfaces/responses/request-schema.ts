/**
 * The OpenAI Responses request (`POST /v1/responses`) as the gateway accepts it. Strict on the
 * types and ranges of every field the gateway reads; the top level is a loose object so fields
 * it does not read pass through (DESIGN.md, Fidelity): a translated request names them in
 * `x-switchboard-dropped-params`, never silently. Input items are validated one by one in
 * `input-items.ts`, so a bad item is a 400 naming `input.<index>…`.
 */
import * as z from '../../lib/zod';

const functionName = z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscore or dash'));

/** A function tool; any other tool type (built-in tools) is checked in `tools.ts`. */
export const functionTool = z.looseObject({
  type: z.literal('function'),
  name: functionName,
  description: z.nullish(z.string()),
  parameters: z.nullish(z.record(z.string(), z.unknown())),
  strict: z.nullish(z.boolean()),
});
export type FunctionTool = z.infer<typeof functionTool>;

const anyTool = z.looseObject({ type: z.string().check(z.minLength(1)) });

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string().check(z.minLength(1)) }),
  z.looseObject({
    type: z.literal('allowed_tools'),
    mode: z.enum(['auto', 'required']),
    tools: z.array(z.looseObject({ type: z.string(), name: z.optional(z.string()) })),
  }),
  z.looseObject({ type: z.string().check(z.minLength(1)) }),
]);
export type ToolChoice = z.infer<typeof toolChoice>;

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: functionName,
    schema: z.record(z.string(), z.unknown()),
    description: z.nullish(z.string()),
    strict: z.nullish(z.boolean()),
  }),
]);
export type TextFormat = z.infer<typeof textFormat>;

export const responsesRequestSchema = z.looseObject({
  model: z.string().check(z.minLength(1)),
  input: z.optional(z.union([z.string(), z.array(z.record(z.string(), z.unknown()))])),
  instructions: z.nullish(z.string()),
  previous_response_id: z.nullish(z.string().check(z.minLength(1))),
  tools: z.optional(z.array(z.union([functionTool, anyTool])).check(z.maxLength(128))),
  tool_choice: z.optional(toolChoice),
  parallel_tool_calls: z.nullish(z.boolean()),
  text: z.nullish(
    z.looseObject({
      format: z.nullish(textFormat),
      verbosity: z.nullish(z.enum(['low', 'medium', 'high'])),
    }),
  ),
  reasoning: z.nullish(
    z.looseObject({
      effort: z.nullish(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
      summary: z.nullish(z.enum(['auto', 'concise', 'detailed'])),
      generate_summary: z.nullish(z.enum(['auto', 'concise', 'detailed'])),
    }),
  ),
  include: z.nullish(z.array(z.string())),
  max_output_tokens: z.nullish(z.int().check(z.gte(1))),
  temperature: z.nullish(z.number().check(z.gte(0), z.lte(2))),
  top_p: z.nullish(z.number().check(z.gte(0), z.lte(1))),
  top_logprobs: z.nullish(z.int().check(z.gte(0), z.lte(20))),
  metadata: z.nullish(z.record(z.string(), z.string().check(z.maxLength(512)))),
  user: z.nullish(z.string()),
  safety_identifier: z.nullish(z.string()),
  prompt_cache_key: z.nullish(z.string()),
  service_tier: z.nullish(z.enum(['auto', 'default', 'flex', 'scale', 'priority'])),
  store: z.nullish(z.boolean()),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.looseObject({ include_obfuscation: z.optional(z.boolean()) })),
  truncation: z.nullish(z.enum(['auto', 'disabled'])),
  background: z.nullish(z.boolean()),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** Top-level fields the gateway reads or echoes; anything else is passed on or named as dropped. */
export const KNOWN_FIELDS = new Set(Object.keys(responsesRequestSchema.shape));

/** `include` values: the one the gateway acts on, and the logprobs switch. */
export const Include = {
  encryptedReasoning: 'reasoning.encrypted_content',
  logprobs: 'message.output_text.logprobs',
} as const;
