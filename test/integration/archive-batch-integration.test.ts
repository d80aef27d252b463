/**
 * The batched archive against the real queue handler, R2 bucket and UsageLedger objects: one
 * object per key and hour for a whole batch, every record still one lookup through
 * /v1/logs/:id, redelivery harmless, and a record too large for a queue message written alone.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_INLINE_LIMIT_BYTES } from '../../src/lib/archive/attachment';
import { gunzip } from '../../src/lib/archive/codec';
import { archivePath, hourPrefix } from '../../src/lib/archive/paths';
import type { LogListing } from '../../src/lib/archive/read';
import type { ArchiveRecord } from '../../src/lib/archive/record';
import { newRequestId, requestIdTime } from '../../src/lib/http/request-context';
import { USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';
import { archiveEntryOf, keyIdOf, unique, usageEvent } from '../support/accounting';
import { GATEWAY_KEY, OTHER_KEY } from '../support/gateway';
import { callWorker, handlers } from '../support/worker';

const HOUR = 3_600_000;

/** A queue message as the producer sends it: the usage event plus the record's JSON inline. */
function messageFor(keyId: string, at: number, word: string) {
  const requestId = newRequestId(at);
  const record = { version: 1, requestId, keyId, status: 200, inbound: { chars: word.length, text: word } };
  const summary = { requestId, receivedAt: String(at), provider: 'openai', model: 'gpt-4o-mini', status: '200', stream: 'false' };
  return { ...usageEvent({ keyId, requestId, at }), archive: { json: JSON.stringify(record), summary } };
}

async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch(
    USAGE_QUEUE,
    bodies.map((body, index) => ({ id: `message-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await handlers.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

async function objectsUnder(prefix: string): Promise<string[]> {
  return (await env.ARCHIVE.list({ prefix })).objects.map((object) => object.key);
}

describe('batched archive', () => {
  it('writes one object per key and hour for a batch, and reads each record back with one lookup', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const otherKeyId = await keyIdOf(OTHER_KEY);
    const earlier = Date.now() - 2 * HOUR;
    const later = Date.now() - HOUR;
    const words = Array.from({ length: 5 }, () => unique('batched'));
    const bodies = [
      messageFor(keyId, earlier, words[0] ?? ''),
      messageFor(keyId, earlier + 1, words[1] ?? ''),
      messageFor(keyId, later, words[2] ?? ''),
      messageFor(otherKeyId, earlier + 2, words[3] ?? ''),
      messageFor(keyId, earlier + 3, words[4] ?? ''),
    ];
    const before = {
      earlier: await objectsUnder(`${hourPrefix(earlier)}${keyId}/`),
      later: await objectsUnder(`${hourPrefix(later)}${keyId}/`),
      other: await objectsUnder(`${hourPrefix(earlier)}${otherKeyId}/`),
    };
    const result = await deliver(bodies);
    expect(result.explicitAcks.sort()).toEqual(bodies.map((_, index) => `message-${index}`).sort());
    expect(result.retryMessages).toEqual([]);

    // One new object per key × hour: three for five records.
    const added = async (prefix: string, old: string[]) => (await objectsUnder(prefix)).filter((key) => !old.includes(key));
    const earlierObjects = await added(`${hourPrefix(earlier)}${keyId}/`, before.earlier);
    expect(earlierObjects).toHaveLength(1);
    expect(await added(`${hourPrefix(later)}${keyId}/`, before.later)).toHaveLength(1);
    expect(await added(`${hourPrefix(earlier)}${otherKeyId}/`, before.other)).toHaveLength(1);
    expect(earlierObjects[0]).toMatch(/\/batch-req_[0-9a-f]{32}-[0-9a-f]{8}\.jsonl\.gz$/);

    // The object is its records' gzip members back to back (multi-member gzip of JSONL, as `zcat`
    // reads it), in arrival order; the index ranges tile it exactly.
    const whole = new Uint8Array((await (await env.ARCHIVE.get(earlierObjects[0] ?? ''))?.arrayBuffer()) ?? new ArrayBuffer(0));
    let offset = 0;
    for (const body of [bodies[0], bodies[1], bodies[4]]) {
      const entry = await archiveEntryOf(keyId, body?.requestId ?? '');
      expect(entry).toMatchObject({ object: earlierObjects[0], offset });
      const line = await gunzip(whole.subarray(offset, offset + (entry.length ?? 0)));
      expect(line.endsWith('\n')).toBe(true);
      expect((JSON.parse(line) as ArchiveRecord).requestId).toBe(body?.requestId);
      offset += entry.length ?? 0;
    }
    expect(offset).toBe(whole.byteLength);

    // Each record: one index row pointing at its frame, decoded through the API for its own key only.
    for (const [index, body] of bodies.entries()) {
      const key = body.keyId === keyId ? GATEWAY_KEY : OTHER_KEY;
      const entry = await archiveEntryOf(body.keyId, body.requestId);
      expect(entry).toMatchObject({ object: expect.stringContaining(`/${body.keyId}/batch-`), offset: expect.any(Number) });
      const { response } = await callWorker(`/v1/logs/${body.requestId}`, { key });
      expect(response.status).toBe(200);
      expect(((await response.json()) as ArchiveRecord).inbound?.text).toBe(words[index]);
    }
    expect((await callWorker(`/v1/logs/${bodies[3]?.requestId}`)).response.status).toBe(404);

    const listing = (await (await callWorker(`/v1/logs?from=${new Date(earlier).toISOString()}`)).response.json()) as LogListing;
    const listed = listing.data.map((entry) => entry.request_id);
    for (const body of [bodies[0], bodies[1], bodies[4], bodies[2]]) expect(listed).toContain(body?.requestId);
    expect(listed).not.toContain(bodies[3]?.requestId);
    expect(listing.data.find((entry) => entry.request_id === bodies[0]?.requestId)).toMatchObject({ provider: 'openai', status: 200 });
  });

  it('survives a redelivered batch: the record stays readable and usage is counted once', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const word = unique('again');
    const body = messageFor(keyId, Date.now() - HOUR, word);
    await deliver([body]);
    const first = await archiveEntryOf(keyId, body.requestId);
    await deliver([body]);
    const second = await archiveEntryOf(keyId, body.requestId);
    expect(second.object).not.toBe(first.object);
    expect(await ledgerFor(env, keyId).deliveries([body.requestId])).toEqual({ [body.requestId]: 2 });
    const { response } = await callWorker(`/v1/logs/${body.requestId}`);
    expect(((await response.json()) as ArchiveRecord).inbound?.text).toBe(word);
  });

  it('sends a request’s record inline in its queue message: the consumer writes it into a batch object, no single object', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const word = unique('inline');
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${unique('inline')}`, stream: true, messages: [{ role: 'user', content: word }] },
    });
    await call.response.text();
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '';
    // Once the response settled, nothing was written for this request by the request itself.
    expect(await env.ARCHIVE.head(archivePath(keyId, requestId) ?? '')).toBeNull();
    const entry = await archiveEntryOf(keyId, requestId);
    expect(entry).toMatchObject({
      object: expect.stringContaining(`${hourPrefix(requestIdTime(requestId) ?? 0)}${keyId}/batch-`),
      offset: expect.any(Number),
    });
    const { response } = await callWorker(`/v1/logs/${requestId}`);
    expect(((await response.json()) as ArchiveRecord).inbound?.text).toContain(word);
  });

  it('still inlines a record past the quick size bound when its escaped JSON fits the message', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    // ~2 × 25 KB of prompt (inbound body and provider request): over 96 KiB / 6, under 96 KiB once escaped.
    const prompt = `${unique('medium')} ${'y'.repeat(25_000)}`;
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${unique('medium')}`, messages: [{ role: 'user', content: prompt }] },
    });
    await call.response.text();
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '';
    const entry = await archiveEntryOf(keyId, requestId);
    expect(entry).toMatchObject({ object: expect.stringContaining('/batch-'), offset: expect.any(Number) });
    expect(((await (await callWorker(`/v1/logs/${requestId}`)).response.json()) as ArchiveRecord).inbound?.text).toContain(prompt);
  });

  it('writes a record too large for a queue message as its own object, and indexes it', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const large = `${unique('large')} ${'x'.repeat(ARCHIVE_INLINE_LIMIT_BYTES)}`;
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${unique('large')}`, messages: [{ role: 'user', content: large }] },
    });
    await call.response.text();
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '';
    const entry = await archiveEntryOf(keyId, requestId);
    expect(entry).toMatchObject({ object: archivePath(keyId, requestId), offset: null, length: null });
    const { response } = await callWorker(`/v1/logs/${requestId}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as ArchiveRecord).inbound?.text).toContain(large);
  });
});
