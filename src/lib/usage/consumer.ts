/**
 * Usage queue consumer: validates each event, groups a batch by key and runs each step on
 * every key's group (consumer-step.ts): the key's ledger in one call (one transaction), and the
 * archive records the messages carry, written as one batch object per key and hour. Every step
 * is idempotent by request id, so acknowledging late or receiving a batch twice never
 * double-counts.
 *
 * Failure handling: a malformed event can never succeed, so it is logged and acknowledged.
 * A ledger call that fails retries that key's messages with exponential back-off; after the
 * queue's `max_retries` the platform moves them to the dead-letter queue
 * (`switchboard-usage-dlq`), whose consumer tries once more and otherwise logs each event in
 * full (ids and counts only) so it can be replayed.
 */
import { archiveGroup } from '../archive/batch-writer';
import { consumeTelemetryBatch, exportOrQueue, spansOf, TELEMETRY_QUEUE } from '../telemetry/span-export';
import type { ConsumerStep, KeyGroup } from './consumer-step';
import { usageEventSchema } from './event';
import { ledgerDirectory, ledgerFor } from './ledger-schema';

export const USAGE_QUEUE = 'switchboard-usage';
export const USAGE_DEAD_LETTER_QUEUE = 'switchboard-usage-dlq';

const MAX_RETRY_DELAY_SECONDS = 300;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
}

/** Key ids this isolate already registered in the directory (it is durable; this only saves calls). */
const registeredKeys = new Set<string>();

function groupByKey(batch: MessageBatch): Map<string, KeyGroup> {
  const groups = new Map<string, KeyGroup>();
  for (const message of batch.messages) {
    // Read once: the runtime deserializes the body on access.
    const body: unknown = message.body;
    const parsed = usageEventSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      console.error(
        JSON.stringify({
          level: 'error',
          event: 'usage.malformed',
          messageId: message.id,
          path: issue?.path.join('.'),
          issue: issue?.message,
        }),
      );
      message.ack();
      continue;
    }
    const group = groups.get(parsed.data.keyId) ?? { keyId: parsed.data.keyId, events: [], messages: [], bodies: [] };
    group.events.push(parsed.data);
    group.messages.push(message);
    group.bodies.push(body);
    groups.set(parsed.data.keyId, group);
  }
  return groups;
}

async function registerKeys(env: Env, keyIds: string[]): Promise<void> {
  const fresh = keyIds.filter((id) => !registeredKeys.has(id));
  if (fresh.length === 0) return;
  await ledgerDirectory(env).addKeys(fresh);
  for (const id of fresh) registeredKeys.add(id);
}

export async function consumeUsageBatch(batch: MessageBatch, env: Env, deadLetter = false): Promise<void> {
  const groups = groupByKey(batch);
  if (groups.size === 0) return;
  try {
    await registerKeys(env, [...groups.keys()]);
  } catch (error) {
    for (const group of groups.values()) retryGroup(group, error, deadLetter);
    return;
  }
  const applied: Message[] = [];
  await Promise.all(
    [...groups.values()].map(async (group) => {
      try {
        await Promise.all(steps.map((step) => step(env, group)));
        for (const message of group.messages) message.ack();
        applied.push(...group.messages);
      } catch (error) {
        retryGroup(group, error, deadLetter);
      }
    }),
  );
  // After the ledger, and only for what it applied: a retried message exports its spans when it is applied.
  await exportOrQueue(
    env,
    applied.flatMap((message) => spansOf(message.body)),
  );
}

/** Apply a key's events to its ledger in one call (one transaction, deduped by request id). */
const recordUsage: ConsumerStep = async (env, { keyId, events }) => {
  const result = await ledgerFor(env, keyId).record(events);
  if (result.stale > 0) console.warn(JSON.stringify({ level: 'warn', event: 'usage.stale', keyId, count: result.stale }));
};

/** Each key group's steps; the group is acknowledged when all succeed, retried otherwise. */
const steps: ConsumerStep[] = [recordUsage, archiveGroup];

function retryGroup(group: KeyGroup, error: unknown, deadLetter: boolean): void {
  for (const [index, message] of group.messages.entries()) {
    if (deadLetter) {
      console.error(
        JSON.stringify({
          level: 'error',
          event: 'usage.dead_letter',
          attempts: message.attempts,
          usage: group.events[index],
          error: String(error),
        }),
      );
    }
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/** The Worker's `queue()` handler: the usage queue and its dead-letter queue. */
export async function consumeQueue(batch: MessageBatch, env: Env): Promise<void> {
  if (batch.queue === USAGE_DEAD_LETTER_QUEUE) return consumeUsageBatch(batch, env, true);
  if (batch.queue === USAGE_QUEUE) return consumeUsageBatch(batch, env);
  if (batch.queue === TELEMETRY_QUEUE) return consumeTelemetryBatch(batch, env);
  console.error(JSON.stringify({ level: 'error', event: 'queue.unknown', queue: batch.queue }));
  batch.retryAll();
}
