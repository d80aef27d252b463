/**
 * The usage event's schema: what the queue consumer accepts (event-fit.ts trims an event to it).
 * Apart from event.ts, which the request path imports to build events: the schema is the consumer's.
 */
import * as z from '../zod';
import { MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, USAGE_EVENT_VERSION } from './event-limits';

const count = z.int().check(z.gte(0));

export const usageEventSchema = z.object({
  version: z.literal(USAGE_EVENT_VERSION),
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  keyId: z.string().check(z.minLength(1), z.maxLength(128)),
  /** Arrival time, ms since epoch; its UTC day is the ledger day. */
  at: z.int().check(z.gte(0)),
  provider: z.string().check(z.maxLength(128)),
  model: z.string().check(z.maxLength(256)),
  endpoint: z.string().check(z.maxLength(32)),
  stream: z.boolean(),
  status: z.int(),
  outcome: z.enum(['success', 'failure', 'cancelled']),
  errorCode: z.nullable(z.string().check(z.maxLength(128))),
  tokens: z.object({ prompt: count, completion: count, cached: count, cacheWrite: count, reasoning: count }),
  estimated: z.boolean(),
  /** How an estimated usage was counted: OpenAI's BPE tokenizer or ~4 characters per token. Absent when the provider reported it. */
  countedBy: z.optional(z.enum(['tokenizer', 'estimate'])),
  /** `costNanoUsd / 1e9`, kept for readers of version-1 events; the ledger sums `costNanoUsd`. */
  costUsd: z.number().check(z.gte(0)),
  /** Cost in integer nano-dollars (1e-9 USD): what the ledger stores and sums. Absent in older events. */
  costNanoUsd: z.optional(count),
  latencyMs: count,
  timeToFirstTokenMs: z.nullable(count),
  cacheHit: z.boolean(),
  attempts: count,
  tags: z.nullable(z.record(z.string().check(z.maxLength(MAX_TAG_KEY_CHARS)), z.string().check(z.maxLength(MAX_TAG_VALUE_CHARS)))),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;
