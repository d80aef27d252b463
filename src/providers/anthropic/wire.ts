/**
 * Anthropic Messages API wire shapes (responses, stream events, errors), tolerant of the
 * versions seen in the recordings (WIRE-NOTES §4): loose objects, nullish optional fields,
 * unknown block and event types kept rather than rejected.
 */
import * as z from 'zod';

export const usage = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  /** Cache writes by TTL (their sum is `cache_creation_input_tokens`); priced apart. */
  cache_creation: z
    .looseObject({ ephemeral_5m_input_tokens: z.number().nullish(), ephemeral_1h_input_tokens: z.number().nullish() })
    .nullish(),
});
export type WireUsage = z.infer<typeof usage>;

const stopDetails = z.looseObject({ type: z.string().nullish(), explanation: z.string().nullish() }).nullish();

/** A response content block. Unknown types (server tools, citations) pass through as `type` only. */
export const contentBlock = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});
export type WireContentBlock = z.infer<typeof contentBlock>;

export const message = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(contentBlock),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  stop_details: stopDetails,
  usage: usage.nullish(),
});
export type WireMessage = z.infer<typeof message>;

export const errorDetail = z.looseObject({ type: z.string().nullish(), message: z.string().nullish() });

export const errorBody = z.looseObject({ type: z.string().nullish(), error: errorDetail });

const delta = z.looseObject({
  type: z.string().nullish(),
  text: z.string().nullish(),
  partial_json: z.string().nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  stop_details: stopDetails,
});

/** One stream event's data. `type` decides which other fields matter. */
export const streamEvent = z.looseObject({
  type: z.string(),
  index: z.number().int().nullish(),
  message: message.partial().nullish(),
  content_block: contentBlock.nullish(),
  delta: delta.nullish(),
  usage: usage.nullish(),
  error: errorDetail.nullish(),
});
export type WireStreamEvent = z.infer<typeof streamEvent>;
