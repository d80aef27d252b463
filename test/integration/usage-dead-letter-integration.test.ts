/**
 * Nothing dropped: the usage consumer stores an event with over-long fields (fitted, not
 * refused), forwards one it can never store to the dead-letter queue, and the dead-letter
 * consumer counts what it gives up on, which `GET /v1/usage` reports.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { USAGE_DEAD_LETTER_QUEUE, USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { fitText } from '../../src/lib/usage/event-fit';
import { ledgerDirectory, ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { usageEvent } from '../support/accounting';
import { ADMIN_TOKEN } from '../support/keys';
import { callWorker, handlers } from '../support/worker';

const freshKey = () => `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
const today = () => utcDay(Date.now());

async function deliver(queue: string, bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, index) => ({ id: `message-${index}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await handlers.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

async function reportedDeadLetters(keyId: string): Promise<number> {
  const call = await callWorker(`/v1/usage?key_id=${keyId}`, { key: ADMIN_TOKEN });
  expect(call.response.status).toBe(200);
  return ((await call.response.json()) as { dead_lettered_events: number }).dead_lettered_events;
}

describe('the usage consumer drops nothing', () => {
  it('stores events with over-long ids and names, keeping long names apart', async () => {
    const keyId = freshKey();
    const longA = `${'m'.repeat(290)}-a`;
    const longB = `${'m'.repeat(290)}-b`;
    const longRequestId = `req_${'x'.repeat(100)}`;
    const events = [usageEvent({ keyId, model: longA, requestId: longRequestId }), usageEvent({ keyId, model: longB })];
    const result = await deliver(USAGE_QUEUE, events);
    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    const rows = await ledgerFor(env, keyId).rows(today(), today());
    expect(rows.map((row) => row.model).sort()).toEqual([fitText(longA, 256), fitText(longB, 256)].sort());
    expect(rows.every((row) => row.model.length === 256 && row.requests === 1)).toBe(true);
    // The fitted request id still dedupes: a redelivery is not counted twice.
    await deliver(USAGE_QUEUE, [events[0]]);
    expect((await ledgerFor(env, keyId).rows(today(), today())).reduce((sum, row) => sum + row.requests, 0)).toBe(2);
  });

  it('forwards an event it can never store to the dead-letter queue, which counts it in GET /v1/usage', async () => {
    const keyId = freshKey();
    const broken = { ...usageEvent({ keyId }), tokens: { prompt: -1, completion: 3, cached: 0, cacheWrite: 0, reasoning: 0 } };
    const result = await deliver(USAGE_QUEUE, [broken, usageEvent({ keyId })]);
    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    expect(result.retryMessages).toEqual([]);
    // The real dead-letter queue delivers it to the dead-letter consumer, which counts it.
    await vi.waitUntil(async () => (await ledgerDirectory(env).deadLetters(today(), today(), keyId)) === 1, {
      timeout: 10_000,
      interval: 20,
    });
    expect(await reportedDeadLetters(keyId)).toBe(1);
    expect((await ledgerFor(env, keyId).rows(today(), today()))[0]?.requests).toBe(1);
  });

  it('in the dead-letter queue: applies what it can and counts an event it cannot store', async () => {
    const keyId = freshKey();
    const valid = usageEvent({ keyId });
    const invalid = { version: 1, requestId: 'req_broken', keyId };
    const result = await deliver(USAGE_DEAD_LETTER_QUEUE, [valid, invalid]);
    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    expect((await ledgerFor(env, keyId).rows(today(), today()))[0]?.requests).toBe(1);
    expect(await ledgerDirectory(env).deadLetters(today(), today(), keyId)).toBe(1);
    expect(await reportedDeadLetters(keyId)).toBe(1);
  });
});
