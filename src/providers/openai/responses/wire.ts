/**
 * OpenAI Responses API wire shapes, tolerant: loose objects, nullish fields, unknown item and
 * event types kept as plain objects (WIRE-NOTES §3). Azure's extra `content_filters` pass.
 */
import * as z from 'zod';

export const responsesUsage = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});
export type WireResponsesUsage = z.infer<typeof responsesUsage>;

const textPart = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  refusal: z.string().nullish(),
  logprobs: z.array(z.unknown()).nullish(),
});

/** One `output` item. Only the fields the gateway reads; the rest of each item passes. */
export const outputItem = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  status: z.string().nullish(),
  /** `message` */
  role: z.string().nullish(),
  content: z.array(textPart).nullish(),
  /** `function_call` */
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  /** `reasoning` */
  summary: z.array(z.looseObject({ type: z.string().nullish(), text: z.string().nullish() })).nullish(),
  encrypted_content: z.string().nullish(),
});
export type WireOutputItem = z.infer<typeof outputItem>;

const errorObject = z.looseObject({
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  type: z.string().nullish(),
  param: z.string().nullish(),
});

export const responseObject = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created_at: z.number().nullish(),
  status: z.string().nullish(),
  service_tier: z.string().nullish(),
  error: errorObject.nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  output: z.array(outputItem).nullish(),
  usage: responsesUsage.nullish(),
});
export type WireResponse = z.infer<typeof responseObject>;

/** Any streamed event; which fields are set depends on `type`. */
export const streamEvent = z.looseObject({
  type: z.string(),
  sequence_number: z.number().nullish(),
  response: responseObject.nullish(),
  item: outputItem.nullish(),
  item_id: z.string().nullish(),
  output_index: z.number().int().nullish(),
  content_index: z.number().int().nullish(),
  summary_index: z.number().int().nullish(),
  delta: z.string().nullish(),
  arguments: z.string().nullish(),
  logprobs: z.array(z.unknown()).nullish(),
  /** `error` events: the spec puts these at the top level, the recordings nest them in `error`. */
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
  error: errorObject.nullish(),
});
export type WireStreamEvent = z.infer<typeof streamEvent>;
