/**
 * OpenAI Responses API wire shapes, tolerant: loose objects, nullish fields, unknown item and
 * event types kept as plain objects (WIRE-NOTES §3). Azure's extra `content_filters` pass.
 */
import * as z from '../../../lib/zod';

export const responsesUsage = z.looseObject({
  input_tokens: z.nullish(z.number()),
  output_tokens: z.nullish(z.number()),
  total_tokens: z.nullish(z.number()),
  input_tokens_details: z.nullish(z.looseObject({ cached_tokens: z.nullish(z.number()) })),
  output_tokens_details: z.nullish(z.looseObject({ reasoning_tokens: z.nullish(z.number()) })),
});
export type WireResponsesUsage = z.infer<typeof responsesUsage>;

const textPart = z.looseObject({
  type: z.string(),
  text: z.nullish(z.string()),
  refusal: z.nullish(z.string()),
  logprobs: z.nullish(z.array(z.unknown())),
});

/** One `output` item. Only the fields the gateway reads; the rest of each item passes. */
export const outputItem = z.looseObject({
  type: z.string(),
  id: z.nullish(z.string()),
  status: z.nullish(z.string()),
  /** `message` */
  role: z.nullish(z.string()),
  content: z.nullish(z.array(textPart)),
  /** `function_call` */
  call_id: z.nullish(z.string()),
  name: z.nullish(z.string()),
  arguments: z.nullish(z.string()),
  /** `reasoning` */
  summary: z.nullish(z.array(z.looseObject({ type: z.nullish(z.string()), text: z.nullish(z.string()) }))),
  encrypted_content: z.nullish(z.string()),
});
export type WireOutputItem = z.infer<typeof outputItem>;

const errorObject = z.looseObject({
  code: z.nullish(z.union([z.string(), z.number()])),
  message: z.nullish(z.string()),
  type: z.nullish(z.string()),
  param: z.nullish(z.string()),
});

export const responseObject = z.looseObject({
  id: z.nullish(z.string()),
  model: z.nullish(z.string()),
  created_at: z.nullish(z.number()),
  status: z.nullish(z.string()),
  service_tier: z.nullish(z.string()),
  error: z.nullish(errorObject),
  incomplete_details: z.nullish(z.looseObject({ reason: z.nullish(z.string()) })),
  output: z.nullish(z.array(outputItem)),
  usage: z.nullish(responsesUsage),
});
export type WireResponse = z.infer<typeof responseObject>;

/** Any streamed event; which fields are set depends on `type`. */
export const streamEvent = z.looseObject({
  type: z.string(),
  sequence_number: z.nullish(z.number()),
  response: z.nullish(responseObject),
  item: z.nullish(outputItem),
  item_id: z.nullish(z.string()),
  output_index: z.nullish(z.int()),
  content_index: z.nullish(z.int()),
  summary_index: z.nullish(z.int()),
  delta: z.nullish(z.string()),
  arguments: z.nullish(z.string()),
  logprobs: z.nullish(z.array(z.unknown())),
  /** `error` events: the spec puts these at the top level, the recordings nest them in `error`. */
  code: z.nullish(z.union([z.string(), z.number()])),
  message: z.nullish(z.string()),
  param: z.nullish(z.string()),
  error: z.nullish(errorObject),
});
export type WireStreamEvent = z.infer<typeof streamEvent>;
