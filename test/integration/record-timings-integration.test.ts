/**
 * Request times are in order on every path: first byte ≤ end in the request record (its log
 * line, cache hits included), and received ≤ first byte ≤ last byte ≤ ended in the archive.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ArchiveRecord } from '../../src/lib/archive/record';
import { recordTimings } from '../../src/lib/archive/record-timings';
import { readAll, unique } from '../support/accounting';
import { callWorker, envWith } from '../support/worker';

/** The request log on (tests run with it off), so each call's record can be read from its line. */
const logging = envWith({ SWITCHBOARD_REQUEST_LOG: 'on' } as Partial<Env>);

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const call = await callWorker('/v1/chat/completions', { method: 'POST', json: body, headers, env: logging });
    await readAll(call.response);
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '';
    const line = log.mock.calls.map(([text]) => String(text)).find((text) => text.includes(requestId));
    return { requestId, cache: call.response.headers.get('x-switchboard-cache'), line: JSON.parse(line ?? '{}') };
  } finally {
    log.mockRestore();
  }
}

/** The archived record's timings, once the queue consumer has filed it (archives are batched). */
async function archivedTimings(requestId: string, label: string): Promise<ArchiveRecord['timings']> {
  const response = await vi.waitUntil(
    async () => {
      const found = (await callWorker(`/v1/logs/${requestId}`)).response;
      return found.status === 200 ? found : undefined;
    },
    { timeout: 10_000, interval: 20 },
  );
  expect(response.status, label).toBe(200);
  return ((await response.json()) as ArchiveRecord).timings;
}

function expectInOrder(timings: ArchiveRecord['timings'], label: string) {
  const { receivedAt, firstByteAt, lastByteAt, endedAt } = timings;
  expect(endedAt, label).not.toBeNull();
  expect(receivedAt, label).toBeLessThanOrEqual(firstByteAt ?? receivedAt);
  expect(firstByteAt ?? receivedAt, label).toBeLessThanOrEqual(lastByteAt ?? receivedAt);
  expect(lastByteAt ?? receivedAt, label).toBeLessThanOrEqual(endedAt as number);
}

describe('record timings', () => {
  it('are in order for streams, whole answers, failures and cache hits of both', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const cacheOn = { 'x-switchboard-cache': 'on' };
    for (const stream of [true, false]) {
      const model = `openai/${unique('timings')}`;
      const miss = await chat({ model, stream, messages }, cacheOn);
      const hit = await chat({ model, stream, messages }, cacheOn);
      const failed = await chat({ model: `${model}@status=400`, stream, messages });
      expect([miss.cache, hit.cache]).toEqual(['MISS', 'HIT']);
      for (const [label, call] of [
        ['miss', miss],
        ['hit', hit],
        ['failure', failed],
      ] as const) {
        const where = `${label}, stream ${stream}`;
        expect(call.line.requestId, where).toBe(call.requestId);
        expect(call.line.latencyMs, where).toBeGreaterThanOrEqual(call.line.timeToFirstTokenMs ?? 0);
      }
      // Cache hits call no provider and are not archived; the others are.
      expectInOrder(await archivedTimings(miss.requestId, `miss, stream ${stream}`), `miss, stream ${stream}`);
      expectInOrder(await archivedTimings(failed.requestId, `failure, stream ${stream}`), `failure, stream ${stream}`);
    }
  });

  it('never put the end before a byte the caller got (the client tap writes after the pipeline)', () => {
    // A stream whose pipeline settled at 110 while the caller got its bytes at 112–115.
    expect(recordTimings(100, { firstByteAt: 108, endedAt: 110 }, { firstChunkAt: 112, lastChunkAt: 115 })).toEqual({
      receivedAt: 100,
      firstByteAt: 112,
      lastByteAt: 115,
      endedAt: 115,
    });
    expect(recordTimings(100, { endedAt: 130 }, undefined)).toEqual({ receivedAt: 100, firstByteAt: null, lastByteAt: 130, endedAt: 130 });
    expect(recordTimings(100, {}, undefined)).toEqual({ receivedAt: 100, firstByteAt: null, lastByteAt: null, endedAt: null });
  });
});
