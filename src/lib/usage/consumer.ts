/**
 * Usage queue consumer: validates each event, groups a batch by key and runs each step on
 * every key's group (consumer-step.ts): the key's ledger in one call (one transaction), and the
 * archive records the messages carry, written as one batch object per key and hour. Every step
 * is idempotent by request id, so acknowledging late or receiving a batch twice never
 * double-counts. After the steps, the spans of what was applied are built from the facts the
 * messages carry and go to the OTLP collector.
 *
 * Nothing is dropped silently:
 *  - an event that fails the schema is fitted once (event-fit.ts: over-long ids hashed, names
 *    truncated with a hash) and applied if it then passes;
 *  - one that still fails can never succeed: it is sent straight to the dead-letter queue
 *    (`switchboard-usage-dlq`) and acknowledged;
 *  - a ledger call that fails retries that key's messages with exponential back-off; after
 *    the queue's `max_retries` the platform moves them to the dead-letter queue.
 * The dead-letter consumer tries once more (idempotent). What it still cannot store is logged
 * in full (ids and counts only) for replay and counted in the ledger directory
 * (`usage_dead_letters`), which `GET /v1/usage` reports as `dead_lettered_events`.
 */
import { archiveGroup } from '../archive/batch-writer';
import { rejectionMessageSchema } from '../archive/rejection-message';
import { getConfig } from '../config';
import { otlpSettings } from '../telemetry/otlp-exporter';
import { requestSpans, traceFactsOf } from '../telemetry/request-spans';
import { consumeTelemetryBatch, exportOrQueue, spansOf, TELEMETRY_QUEUE } from '../telemetry/span-export';
import type { ConsumerStep, KeyGroup } from './consumer-step';
import { fitUsageEvent } from './event-fit';
import { type UsageEvent, usageEventSchema } from './event-schema';
import { type DeadLetter, type DeadLetterReason, ledgerDirectory, ledgerFor, utcDay } from './ledger-schema';

export const USAGE_QUEUE = 'switchboard-usage';
export const USAGE_DEAD_LETTER_QUEUE = 'switchboard-usage-dlq';

const MAX_RETRY_DELAY_SECONDS = 300;
/** Deliveries of a dead letter before it is counted and given up (below the DLQ's own max_retries + 1). */
export const DEAD_LETTER_ATTEMPTS = 3;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
}

/** Key ids this isolate already registered in the directory (it is durable; this only saves calls). */
const registeredKeys = new Set<string>();

interface SortedBatch {
  groups: Map<string, KeyGroup>;
  /** Messages no fitting makes valid. */
  invalid: Message[];
}

function parseEvent(body: unknown): UsageEvent | undefined {
  const parsed = usageEventSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fitted = usageEventSchema.safeParse(fitUsageEvent(body));
  if (fitted.success) return fitted.data;
  const issue = parsed.error.issues[0];
  console.error(JSON.stringify({ level: 'error', event: 'usage.malformed', path: issue?.path.join('.'), issue: issue?.message }));
  return undefined;
}

function sortBatch(batch: MessageBatch): SortedBatch {
  const groups = new Map<string, KeyGroup>();
  const invalid: Message[] = [];
  for (const message of batch.messages) {
    // Read once: the runtime deserializes the body on access.
    const body: unknown = message.body;
    const groupOf = (keyId: string) => {
      const group = groups.get(keyId) ?? { keyId, events: [], messages: [], bodies: [], archives: [], traced: [] };
      groups.set(keyId, group);
      return group;
    };
    // A refusal the gateway archives: no usage, only its archive record (archive/rejection.ts).
    const refusal = rejectionMessageSchema.safeParse(body);
    if (refusal.success) {
      const group = groupOf(refusal.data.keyId);
      group.messages.push(message);
      group.bodies.push(body);
      group.archives.push({ requestId: refusal.data.requestId, at: refusal.data.at, body });
      continue;
    }
    const event = parseEvent(body);
    if (!event) {
      invalid.push(message);
      continue;
    }
    const group = groupOf(event.keyId);
    const facts = traceFactsOf(body);
    if (facts) group.traced.push({ event, facts });
    group.events.push(event);
    group.messages.push(message);
    group.bodies.push(body);
    group.archives.push({ requestId: event.requestId, at: event.at, body });
  }
  return { groups, invalid };
}

async function registerKeys(env: Env, keyIds: string[]): Promise<void> {
  const fresh = keyIds.filter((id) => !registeredKeys.has(id));
  if (fresh.length === 0) return;
  await ledgerDirectory(env).addKeys(fresh);
  for (const id of fresh) registeredKeys.add(id);
}

/** Main queue: an event that can never be valid goes to the dead-letter queue at once. */
async function forwardInvalid(env: Env, messages: Message[]): Promise<void> {
  await Promise.all(
    messages.map(async (message) => {
      try {
        await env.USAGE_DEAD_LETTER_QUEUE.send(message.body, { contentType: 'json' });
        message.ack();
      } catch {
        // The platform moves it to the dead-letter queue after max_retries.
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}

function deadLetterOf(body: unknown, reason: DeadLetterReason): DeadLetter {
  const event = fitUsageEvent(body) as { keyId?: unknown; at?: unknown };
  const at = typeof event?.at === 'number' && Number.isFinite(event.at) && event.at >= 0 ? event.at : Date.now();
  return { day: utcDay(at), keyId: typeof event?.keyId === 'string' ? event.keyId : '', reason };
}

/** Dead-letter queue: log each event in full, count it, and stop retrying it. */
async function giveUp(env: Env, messages: Message[], reason: DeadLetterReason, error?: unknown): Promise<void> {
  if (messages.length === 0) return;
  for (const message of messages) {
    const usage = fitUsageEvent(message.body);
    console.error(
      JSON.stringify({
        level: 'error',
        event: 'usage.dead_letter',
        reason,
        attempts: message.attempts,
        usage,
        error: error && String(error),
      }),
    );
  }
  try {
    await ledgerDirectory(env).noteDeadLetters(messages.map((message) => deadLetterOf(message.body, reason)));
    for (const message of messages) message.ack();
  } catch {
    for (const message of messages) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

export async function consumeUsageBatch(batch: MessageBatch, env: Env, deadLetter = false): Promise<void> {
  const { groups, invalid } = sortBatch(batch);
  const unwritable = deadLetter ? giveUp(env, invalid, 'invalid') : forwardInvalid(env, invalid);
  if (groups.size === 0) return unwritable;
  try {
    await registerKeys(env, [...groups.keys()]);
  } catch (error) {
    await Promise.all([unwritable, ...[...groups.values()].map((group) => retryGroup(env, group, error, deadLetter))]);
    return;
  }
  const applied: KeyGroup[] = [];
  await Promise.all([
    unwritable,
    ...[...groups.values()].map(async (group) => {
      try {
        await Promise.all(steps.map((step) => step(env, group)));
        for (const message of group.messages) message.ack();
        applied.push(group);
      } catch (error) {
        await retryGroup(env, group, error, deadLetter);
      }
    }),
  ]);
  // After the steps, and only for what they applied: a retried message exports its spans when it is applied.
  if (applied.length === 0 || !otlpSettings(env)) return;
  const config = getConfig(env);
  await exportOrQueue(
    env,
    applied.flatMap((group) => [
      ...group.bodies.flatMap(spansOf),
      ...group.traced.flatMap(({ event, facts }) => requestSpans(facts, event, config)),
    ]),
  );
}

/** Apply a key's events to its ledger in one call (one transaction, deduped by request id). */
const recordUsage: ConsumerStep = async (env, { keyId, events }) => {
  const result = await ledgerFor(env, keyId).record(events);
  if (result.stale > 0) console.warn(JSON.stringify({ level: 'warn', event: 'usage.stale', keyId, count: result.stale }));
};

/** Each key group's steps; the group is acknowledged when all succeed, retried otherwise. */
const steps: ConsumerStep[] = [recordUsage, archiveGroup];

async function retryGroup(env: Env, group: KeyGroup, error: unknown, deadLetter: boolean): Promise<void> {
  const exhausted = deadLetter ? group.messages.filter((message) => message.attempts >= DEAD_LETTER_ATTEMPTS) : [];
  for (const message of group.messages) {
    if (!exhausted.includes(message)) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
  await giveUp(env, exhausted, 'ledger-unavailable', error);
}

/** The Worker's `queue()` handler: the usage queue and its dead-letter queue. */
export async function consumeQueue(batch: MessageBatch, env: Env): Promise<void> {
  if (batch.queue === USAGE_DEAD_LETTER_QUEUE) return consumeUsageBatch(batch, env, true);
  if (batch.queue === USAGE_QUEUE) return consumeUsageBatch(batch, env);
  if (batch.queue === TELEMETRY_QUEUE) return consumeTelemetryBatch(batch, env);
  console.error(JSON.stringify({ level: 'error', event: 'queue.unknown', queue: batch.queue }));
  batch.retryAll();
}
