/** The usage queue consumer against the real queue handler and the real UsageLedger objects. */
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { USAGE_DEAD_LETTER_QUEUE, USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { DEDUPE_WINDOW_MS, ledgerDirectory, ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { usageEvent } from '../support/accounting';
import { handlers } from '../support/worker';

const freshKey = () => `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

function batchOf(queue: string, bodies: unknown[], attempts = 1) {
  return createMessageBatch(
    queue,
    bodies.map((body, index) => ({ id: `message-${index}`, timestamp: new Date(), attempts, body })),
  );
}

async function deliver(queue: string, bodies: unknown[]) {
  const batch = batchOf(queue, bodies);
  const ctx = createExecutionContext();
  await handlers.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

async function totals(keyId: string) {
  const today = utcDay(Date.now());
  const rows = await ledgerFor(env, keyId).rows(today, today);
  return rows.map(({ model, requests, successes, failures, prompt_tokens, completion_tokens, cost_nano_usd }) => ({
    model,
    requests,
    successes,
    failures,
    prompt_tokens,
    completion_tokens,
    cost_nano_usd,
  }));
}

describe('usage queue consumer', () => {
  it('aggregates a batch per key, day and model, and acknowledges every message', async () => {
    const keyId = freshKey();
    const events = [
      usageEvent({ keyId, model: 'gpt-4o-mini' }),
      usageEvent({
        keyId,
        model: 'gpt-4o-mini',
        outcome: 'failure',
        status: 502,
        tokens: { prompt: 0, completion: 0, cached: 0, cacheWrite: 0, reasoning: 0 },
        costUsd: 0,
      }),
      usageEvent({ keyId, model: 'gpt-4o' }),
    ];
    const result = await deliver(USAGE_QUEUE, events);
    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1', 'message-2']);
    expect(result.retryMessages).toEqual([]);
    expect(await totals(keyId)).toEqual([
      { model: 'gpt-4o', requests: 1, successes: 1, failures: 0, prompt_tokens: 10, completion_tokens: 20, cost_nano_usd: 13_500 },
      { model: 'gpt-4o-mini', requests: 2, successes: 1, failures: 1, prompt_tokens: 10, completion_tokens: 20, cost_nano_usd: 13_500 },
    ]);
    expect(await ledgerDirectory(env).keys()).toContain(keyId);
  });

  it('leaves totals unchanged when the same batch is delivered again', async () => {
    const keyId = freshKey();
    const events = [usageEvent({ keyId }), usageEvent({ keyId }), usageEvent({ keyId, model: 'gpt-4o' })];
    await deliver(USAGE_QUEUE, events);
    const first = await totals(keyId);
    const again = await deliver(USAGE_QUEUE, events);
    expect(again.explicitAcks).toHaveLength(3);
    expect(await totals(keyId)).toEqual(first);
    // The dead-letter consumer applies through the same idempotent path.
    await deliver(USAGE_DEAD_LETTER_QUEUE, events);
    expect(await totals(keyId)).toEqual(first);
    const deliveries = await ledgerFor(env, keyId).deliveries(events.map((event) => event.requestId));
    expect(Object.values(deliveries)).toEqual([3, 3, 3]);
  });

  it('acknowledges a malformed event instead of retrying it forever, and applies the rest', async () => {
    const keyId = freshKey();
    const result = await deliver(USAGE_QUEUE, [{ version: 1, requestId: 'req_x' }, usageEvent({ keyId })]);
    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    expect((await totals(keyId))[0]?.requests).toBe(1);
  });

  it('refuses events older than the dedupe window rather than risk counting them twice', async () => {
    const keyId = freshKey();
    const stale = usageEvent({ keyId, at: Date.now() - DEDUPE_WINDOW_MS - 60_000 });
    expect(await ledgerFor(env, keyId).record([stale])).toEqual({ applied: 0, duplicates: 0, stale: 1 });
  });

  it('prunes dedupe rows past the window with its alarm, keeping the aggregates', async () => {
    const keyId = freshKey();
    const old = usageEvent({ keyId });
    const recent = usageEvent({ keyId });
    const stub = ledgerFor(env, keyId);
    await stub.record([old, recent]);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE usage_seen SET seen_at = ? WHERE request_id = ?', Date.now() - DEDUPE_WINDOW_MS - 1, old.requestId);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.deliveries([old.requestId, recent.requestId])).toEqual({ [recent.requestId]: 1 });
    expect((await totals(keyId))[0]?.requests).toBe(2);
  });
});
