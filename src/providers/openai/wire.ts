/** OpenAI Chat Completions wire shapes, tolerant of the compatible hosts' variations (WIRE-NOTES §1). */
import * as z from '../../lib/zod';

const toolCallDelta = z.looseObject({
  index: z.nullish(z.int()),
  id: z.nullish(z.string()),
  type: z.nullish(z.string()),
  function: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.nullish(z.string()) })),
});

/** Mistral magistral sends `content` as an array of thinking/text parts. */
const contentPart = z.looseObject({
  type: z.string(),
  text: z.nullish(z.string()),
  thinking: z.nullish(z.array(z.looseObject({ type: z.string(), text: z.nullish(z.string()) }))),
});
export const content = z.nullish(z.union([z.string(), z.array(contentPart)]));
export type WireContent = z.infer<typeof content>;

export const usage = z.looseObject({
  prompt_tokens: z.nullish(z.number()),
  completion_tokens: z.nullish(z.number()),
  total_tokens: z.nullish(z.number()),
  prompt_tokens_details: z.nullish(z.looseObject({ cached_tokens: z.nullish(z.number()) })),
  completion_tokens_details: z.nullish(z.looseObject({ reasoning_tokens: z.nullish(z.number()) })),
  /** DeepSeek. */
  prompt_cache_hit_tokens: z.nullish(z.number()),
});
export type WireUsage = z.infer<typeof usage>;

export const chunk = z.looseObject({
  id: z.nullish(z.string()),
  model: z.nullish(z.string()),
  created: z.nullish(z.number()),
  system_fingerprint: z.nullish(z.string()),
  service_tier: z.nullish(z.string()),
  choices: z.nullish(
    z.array(
      z.looseObject({
        index: z.nullish(z.int()),
        delta: z.nullish(
          z.looseObject({
            role: z.nullish(z.string()),
            content,
            refusal: z.nullish(z.string()),
            reasoning_content: z.nullish(z.string()),
            reasoning: z.nullish(z.string()),
            tool_calls: z.nullish(z.array(toolCallDelta)),
            function_call: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.nullish(z.string()) })),
          }),
        ),
        logprobs: z.optional(z.unknown()),
        finish_reason: z.nullish(z.string()),
      }),
    ),
  ),
  usage: z.nullish(usage),
  error: z.nullish(z.looseObject({ message: z.nullish(z.string()), type: z.nullish(z.string()), code: z.optional(z.unknown()) })),
});
export type WireChunk = z.infer<typeof chunk>;

export const completion = z.looseObject({
  id: z.nullish(z.string()),
  model: z.nullish(z.string()),
  created: z.nullish(z.number()),
  system_fingerprint: z.nullish(z.string()),
  service_tier: z.nullish(z.string()),
  choices: z.array(
    z.looseObject({
      index: z.nullish(z.int()),
      message: z.looseObject({
        content,
        refusal: z.nullish(z.string()),
        reasoning_content: z.nullish(z.string()),
        reasoning: z.nullish(z.string()),
        tool_calls: z.nullish(
          z.array(
            z.looseObject({
              id: z.nullish(z.string()),
              type: z.nullish(z.string()),
              function: z.looseObject({ name: z.string(), arguments: z.nullish(z.string()) }),
            }),
          ),
        ),
        function_call: z.nullish(z.looseObject({ name: z.string(), arguments: z.nullish(z.string()) })),
      }),
      logprobs: z.optional(z.unknown()),
      finish_reason: z.nullish(z.string()),
    }),
  ),
  usage: z.nullish(usage),
});

export const errorBody = z.looseObject({
  error: z.union([
    z.looseObject({
      message: z.nullish(z.string()),
      type: z.nullish(z.string()),
      code: z.nullish(z.union([z.string(), z.number()])),
      param: z.nullish(z.string()),
    }),
    z.string(),
  ]),
});
