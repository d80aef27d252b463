/**
 * What workerd itself does when a client leaves, without `wrangler dev`'s proxy (the gateway
 * under Miniflare's API: real workerd, local bindings, a real socket between client and Worker):
 *  - a stream waiting on a slow upstream is cancelled at the gateway's next write, so within one
 *    keep-alive interval (under `wrangler dev` it takes one more write: cancellation-e2e.test.ts);
 *  - a non-stream request is not cancelled locally at all: workerd only notices a gone client
 *    when the Worker writes to it, and a non-stream request writes nothing until its provider
 *    answered. Deployed, the request signal reports the disconnect at once (docs/faults.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../fake-upstream/server.mjs';
import { type MiniflareGateway, startMiniflareGateway } from './support/miniflare-gateway';

const STREAM = { commitMs: 200, keepAliveMs: 1000 };
const config = {
  routes: {
    waiting: { targets: [{ model: 'openai/gpt-4o-mini-mf-waiting@first-byte-ms=20000' }], retry: { attemptsPerTarget: 1 }, stream: STREAM },
  },
};

let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
let gateway: MiniflareGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream({ port: 0 });
  gateway = await startMiniflareGateway(upstream.url, { SWITCHBOARD_CONFIG: JSON.stringify(config) });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

interface FakeEntry {
  rawBody?: string;
  status: number | null;
  aborted: boolean;
  abortedAt?: number;
}

const entryOf = (id: string) => (upstream.requests as FakeEntry[]).find((entry) => entry.rawBody?.includes(id));

async function until<T>(probe: () => T | undefined, limitMs: number): Promise<T | undefined> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

async function createKey(): Promise<string> {
  const response = await fetch(`${gateway.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'mf-cancel', limits: { maxConcurrent: 2 } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

async function slotsInUse(key: string): Promise<number> {
  const end = Date.now() + 5000;
  let inUse = -1;
  while (Date.now() < end) {
    const response = await fetch(`${gateway.url}/v1/ratelimit`, { headers: { authorization: `Bearer ${key}` } });
    inUse = ((await response.json()) as { concurrency: { in_use: number } }).concurrency.in_use;
    if (inUse === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return inUse;
}

function chat(key: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

describe.concurrent('cancellation in workerd without the dev proxy (Miniflare)', () => {
  it('a stream waiting on a slow upstream is closed within one keep-alive interval of the client leaving', async () => {
    const key = await createKey();
    const id = crypto.randomUUID().slice(0, 8);
    const client = new AbortController();
    const response = await chat(
      key,
      { model: 'waiting', stream: true, messages: [{ role: 'user', content: `Think (${id})` }] },
      client.signal,
    );
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': keep-alive');
    client.abort();
    const leftAt = Date.now();
    const closed = await until(() => {
      const entry = entryOf(id);
      return entry?.aborted ? entry : undefined;
    }, 3 * STREAM.keepAliveMs);
    expect(closed, 'upstream still open').toBeDefined();
    const tookMs = (closed?.abortedAt ?? 0) - leftAt;
    expect(tookMs).toBeLessThan(STREAM.keepAliveMs + 250);
    expect(closed?.status).toBeNull();
    expect(await slotsInUse(key)).toBe(0);
    console.info(`waiting stream: upstream closed ${tookMs} ms after the client left (keep-alive every ${STREAM.keepAliveMs} ms)`);
  });

  it('locally, a non-stream request whose client left runs until its provider answers', async () => {
    const key = await createKey();
    const id = crypto.randomUUID().slice(0, 8);
    const client = new AbortController();
    const pending = chat(
      key,
      { model: 'openai/gpt-4o-mini-mf-nonstream@first-byte-ms=2500', messages: [{ role: 'user', content: `Hi (${id})` }] },
      client.signal,
    );
    pending.catch(() => {});
    expect(await until(() => entryOf(id), 5000)).toBeDefined();
    client.abort();
    const answered = await until(() => {
      const entry = entryOf(id);
      return entry?.status ? entry : undefined;
    }, 5000);
    expect(answered).toMatchObject({ status: 200, aborted: false }); // the provider finished its answer
    expect(await slotsInUse(key)).toBe(0);
  });
});
