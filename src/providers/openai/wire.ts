/** OpenAI Chat Completions wire shapes, tolerant of the compatible hosts' variations (WIRE-NOTES §1). */
import * as z from 'zod';

const toolCallDelta = z.looseObject({
  index: z.number().int().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

/** Mistral magistral sends `content` as an array of thinking/text parts. */
const contentPart = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.array(z.looseObject({ type: z.string(), text: z.string().nullish() })).nullish(),
});
export const content = z.union([z.string(), z.array(contentPart)]).nullish();
export type WireContent = z.infer<typeof content>;

export const usage = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  /** DeepSeek. */
  prompt_cache_hit_tokens: z.number().nullish(),
});
export type WireUsage = z.infer<typeof usage>;

export const chunk = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nullish(),
        delta: z
          .looseObject({
            role: z.string().nullish(),
            content,
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z.array(toolCallDelta).nullish(),
            function_call: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
          })
          .nullish(),
        logprobs: z.unknown().optional(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usage.nullish(),
  error: z.looseObject({ message: z.string().nullish(), type: z.string().nullish(), code: z.unknown().optional() }).nullish(),
});
export type WireChunk = z.infer<typeof chunk>;

export const completion = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nullish(),
      message: z.looseObject({
        content,
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string().nullish(),
              type: z.string().nullish(),
              function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
            }),
          )
          .nullish(),
        function_call: z.looseObject({ name: z.string(), arguments: z.string().nullish() }).nullish(),
      }),
      logprobs: z.unknown().optional(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usage.nullish(),
});

export const errorBody = z.looseObject({
  error: z.union([
    z.looseObject({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    }),
    z.string(),
  ]),
});
