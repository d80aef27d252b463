/**
 * The queue consumer is a small dispatcher: it validates a batch, groups it by key, and runs each
 * step below on every key's group (the usage ledger, the archive batch, …). A group's messages
 * are acknowledged once every step succeeded for it and retried otherwise, so each step must be
 * idempotent by request id. A new step is a function of this type and one entry in consumer.ts.
 */
import type { TraceFacts } from '../telemetry/trace-facts';
import type { UsageEvent } from './event';

export interface KeyGroup {
  keyId: string;
  /** The validated usage events, in message order (refusals carry none). */
  events: UsageEvent[];
  /** The messages: usage events and refusals. */
  messages: Message[];
  /** The raw message bodies, index for index with `messages`: steps read their own fields (e.g. `spans`). */
  bodies: unknown[];
  /** The traced usage events and their message's trace facts, to build their spans once applied. */
  traced: { event: UsageEvent; facts: TraceFacts }[];
  /** What the archive step files: each request's id, arrival and message body (usage events and refusals alike). */
  archives: { requestId: string; at: number; body: unknown }[];
}

export type ConsumerStep = (env: Env, group: KeyGroup) => Promise<void>;
