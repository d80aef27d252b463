/**
 * Anthropic Messages API wire shapes (responses, stream events, errors), tolerant of the
 * versions seen in the recordings (WIRE-NOTES §4): loose objects, nullish optional fields,
 * unknown block and event types kept rather than rejected.
 */
import * as z from '../../lib/zod';

export const usage = z.looseObject({
  input_tokens: z.nullish(z.number()),
  output_tokens: z.nullish(z.number()),
  cache_creation_input_tokens: z.nullish(z.number()),
  cache_read_input_tokens: z.nullish(z.number()),
  /** Cache writes by TTL (their sum is `cache_creation_input_tokens`); priced apart. */
  cache_creation: z.nullish(
    z.looseObject({ ephemeral_5m_input_tokens: z.nullish(z.number()), ephemeral_1h_input_tokens: z.nullish(z.number()) }),
  ),
});
export type WireUsage = z.infer<typeof usage>;

const stopDetails = z.nullish(z.looseObject({ type: z.nullish(z.string()), explanation: z.nullish(z.string()) }));

/** A response content block. Unknown types (server tools, citations) pass through as `type` only. */
export const contentBlock = z.looseObject({
  type: z.string(),
  text: z.nullish(z.string()),
  id: z.nullish(z.string()),
  name: z.nullish(z.string()),
  input: z.optional(z.unknown()),
  thinking: z.nullish(z.string()),
  signature: z.nullish(z.string()),
  data: z.nullish(z.string()),
});
export type WireContentBlock = z.infer<typeof contentBlock>;

export const message = z.looseObject({
  id: z.nullish(z.string()),
  model: z.nullish(z.string()),
  content: z.array(contentBlock),
  stop_reason: z.nullish(z.string()),
  stop_sequence: z.nullish(z.string()),
  stop_details: stopDetails,
  usage: z.nullish(usage),
});
export type WireMessage = z.infer<typeof message>;

export const errorDetail = z.looseObject({ type: z.nullish(z.string()), message: z.nullish(z.string()) });

export const errorBody = z.looseObject({ type: z.nullish(z.string()), error: errorDetail });

const delta = z.looseObject({
  type: z.nullish(z.string()),
  text: z.nullish(z.string()),
  partial_json: z.nullish(z.string()),
  thinking: z.nullish(z.string()),
  signature: z.nullish(z.string()),
  stop_reason: z.nullish(z.string()),
  stop_sequence: z.nullish(z.string()),
  stop_details: stopDetails,
});

/** One stream event's data. `type` decides which other fields matter. */
export const streamEvent = z.looseObject({
  type: z.string(),
  index: z.nullish(z.int()),
  message: z.nullish(z.partial(message)),
  content_block: z.nullish(contentBlock),
  delta: z.nullish(delta),
  usage: z.nullish(usage),
  error: z.nullish(errorDetail),
});
export type WireStreamEvent = z.infer<typeof streamEvent>;
