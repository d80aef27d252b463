/**
 * Cancellation and keep-alives end to end (issue 14), real sockets, against the fake upstream.
 * First without `wrangler dev`'s proxy (the built Worker under Miniflare's API: workerd alone):
 *  - a stream waiting on a slow upstream is cancelled at the gateway's next write, so within one
 *    keep-alive interval;
 *  - a non-stream request is not cancelled locally at all: workerd notices a gone client only
 *    when the Worker writes, and a non-stream request writes nothing until its provider answered
 *    (deployed, the request signal reports the disconnect at once: docs/faults.md).
 * Then under `wrangler dev` (the shared gateway of the e2e project), where the dev proxy takes
 * one more write to pass the disconnect on:
 *  - a client that leaves a flowing stream closes the upstream connection within 1 s, on every
 *    surface × provider (one at a time: each measures its own stream); the request is recorded
 *    `cancelled` and the key's slot comes back;
 *  - a stream still waiting for a slow upstream is closed within two keep-alive intervals;
 *  - the literal case, running from the file's start alongside the others: an upstream whose first byte comes after
 *    25 s gives the client bytes within 15 s (the commit window's keep-alive) and still falls
 *    back when it then fails.
 * The Miniflare part runs first, alone: its build would otherwise load the machine under the
 * timed wrangler cases.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../fake-upstream/server.mjs';
import { createGatewayKey } from './support/admin';
import { CANCEL_WAITING_ROUTE, CANCEL_WAITING_STREAM, FIRST_BYTE_25S_ROUTE } from './support/gateway-config';
import { archivedRequest, tag, usageRowsOnce } from './support/gateway-reads';
import { type MiniflareGateway, startMiniflareGateway } from './support/miniflare-gateway';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');

interface FakeEntry {
  rawBody?: string;
  status: number | null;
  aborted: boolean;
  abortedAt?: number;
  eventsSent?: number;
  family: string;
}

/** The fake upstream's log entry of the request whose body carries `id`. */
async function upstreamEntry(id: string): Promise<FakeEntry | undefined> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as FakeEntry[];
  return log.find((entry) => entry.rawBody?.includes(id));
}

/** Poll (every 100 ms; the fake timestamps the close itself) until the fake saw the request's connection close; its time, or `undefined` after `limitMs`. */
async function upstreamClosed(id: string, limitMs: number): Promise<FakeEntry | undefined> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const entry = await upstreamEntry(id);
    if (entry?.aborted) return entry;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function slotsInUse(key: string, base = gatewayUrl): Promise<number> {
  const until = Date.now() + 5000;
  let inUse = -1;
  while (Date.now() < until) {
    const response = await fetch(`${base}/v1/ratelimit`, { headers: { authorization: `Bearer ${key}` } });
    inUse = ((await response.json()) as { concurrency: { in_use: number } }).concurrency.in_use;
    if (inUse === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return inUse;
}

/**
 * Streams that still flow when the client leaves: one event every 100 ms for several seconds,
 * the recordings' content repeated (`@repeat`).
 */
const providers = {
  openai: 'openai/gpt-4o-mini@chunk-ms=100@repeat=6',
  anthropic: 'anthropic/claude-sonnet-4-5@chunk-ms=100@repeat=20',
  gemini: 'gemini/gemini-2.5-flash@chunk-ms=100@repeat=60',
};
const surfaces = {
  chat: (model: string, text: string) => ({
    path: '/v1/chat/completions',
    body: { model, stream: true, messages: [{ role: 'user', content: text }] },
  }),
  messages: (model: string, text: string) => ({
    path: '/v1/messages',
    body: { model, stream: true, max_tokens: 2000, messages: [{ role: 'user', content: text }] },
  }),
  responses: (model: string, text: string) => ({ path: '/v1/responses', body: { model, stream: true, input: text } }),
};

function post(path: string, key: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/** Read until `done(textSoFar)`; the text read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const next = await reader.read();
    if (next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  return text;
}

/** The Miniflare gateway's own route: a slow upstream, keep-alives every 2 s. */
const STREAM = { commitMs: 200, keepAliveMs: 2000 };
const config = {
  routes: {
    waiting: { targets: [{ model: 'openai/gpt-4o-mini-mf-waiting@first-byte-ms=20000' }], retry: { attemptsPerTarget: 1 }, stream: STREAM },
  },
};

let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
let gateway: MiniflareGateway;

const entryOf = (id: string) => (upstream.requests as FakeEntry[]).find((entry) => entry.rawBody?.includes(id));

async function pollUntil<T>(probe: () => T | undefined, limitMs: number): Promise<T | undefined> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

async function createMiniflareKey(): Promise<string> {
  const response = await fetch(`${gateway.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'mf-cancel', limits: { maxConcurrent: 2 } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

function mfChat(key: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * The literal 25 s case, a request started when the file starts (it mostly waits) and asserted
 * by its own test at the end: the first target is silent for 25 s, then fails.
 */
interface SlowCase {
  key: string;
  response: Response;
  firstByteMs: number;
  totalMs: number;
  text: string;
}

async function runSlowCase(): Promise<SlowCase> {
  const { key } = await createGatewayKey(gatewayUrl, 'first-byte-25s');
  const started = Date.now();
  const response = await post('/v1/chat/completions', key, {
    model: FIRST_BYTE_25S_ROUTE,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `Count from 1 to 5 (${tag()})` }],
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read();
  const firstByteMs = Date.now() - started;
  const text = new TextDecoder().decode(first.value) + (await readUntil(reader, () => false));
  return { key, response, firstByteMs, totalMs: Date.now() - started, text };
}

// Started before everything else in the file: it mostly waits, for 25 s.
let slowCase: Promise<SlowCase>;
beforeAll(() => {
  slowCase = runSlowCase();
  slowCase.catch(() => {}); // asserted by its own test at the end
});

/** The record checks of the flowing cases, awaited together by the last test (the usage queue takes seconds). */
const recorded: { name: string; check: Promise<void> }[] = [];

describe.concurrent('without the dev proxy (Miniflare: workerd alone)', () => {
  beforeAll(async () => {
    upstream = await startFakeUpstream({ port: 0 });
    gateway = await startMiniflareGateway(upstream.url, { SWITCHBOARD_CONFIG: JSON.stringify(config) });
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('a stream waiting on a slow upstream is closed within one keep-alive interval of the client leaving', async () => {
    const key = await createMiniflareKey();
    const id = crypto.randomUUID().slice(0, 8);
    const client = new AbortController();
    const response = await mfChat(
      key,
      { model: 'waiting', stream: true, messages: [{ role: 'user', content: `Think (${id})` }] },
      client.signal,
    );
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': keep-alive');
    client.abort();
    const leftAt = Date.now();
    const closed = await pollUntil(() => {
      const entry = entryOf(id);
      return entry?.aborted ? entry : undefined;
    }, 3 * STREAM.keepAliveMs);
    expect(closed, 'upstream still open').toBeDefined();
    const tookMs = (closed?.abortedAt ?? 0) - leftAt;
    expect(tookMs).toBeLessThan(STREAM.keepAliveMs + 500); // two writes would take almost twice as long
    expect(closed?.status).toBeNull();
    expect(await slotsInUse(key, gateway.url)).toBe(0);
    console.info(`waiting stream: upstream closed ${tookMs} ms after the client left (keep-alive every ${STREAM.keepAliveMs} ms)`);
  });

  it('locally, a non-stream request whose client left runs until its provider answers', async () => {
    const key = await createMiniflareKey();
    const id = crypto.randomUUID().slice(0, 8);
    const client = new AbortController();
    const pending = mfChat(
      key,
      { model: 'openai/gpt-4o-mini-mf-nonstream@first-byte-ms=2500', messages: [{ role: 'user', content: `Hi (${id})` }] },
      client.signal,
    );
    pending.catch(() => {});
    expect(await pollUntil(() => entryOf(id), 5000)).toBeDefined();
    client.abort();
    const answered = await pollUntil(() => {
      const entry = entryOf(id);
      return entry?.status ? entry : undefined;
    }, 5000);
    expect(answered).toMatchObject({ status: 200, aborted: false }); // the provider finished its answer
    expect(await slotsInUse(key, gateway.url)).toBe(0);
  });
});

describe('under wrangler dev', () => {
  describe('flowing streams, one at a time', () => {
    for (const [surfaceName, request] of Object.entries(surfaces)) {
      for (const [providerName, model] of Object.entries(providers)) {
        it(`${surfaceName} → ${providerName}, flowing: the upstream is closed within 1 s of the client leaving`, async () => {
          const { key } = await createGatewayKey(gatewayUrl, `cancel-${surfaceName}-${providerName}`, { limits: { maxConcurrent: 2 } });
          const id = tag();
          const { path, body } = request(model, `Count to ten, please (${id})`);
          const client = new AbortController();
          const response = await post(path, key, body, client.signal);
          expect(response.status).toBe(200);
          const reader = (response.body as ReadableStream<Uint8Array>).getReader();
          await readUntil(reader, (text) => text.includes('data:')); // content is flowing
          const before = await upstreamEntry(id);
          client.abort();
          const leftAt = Date.now();
          const closed = await upstreamClosed(id, 5000);
          expect(closed, `upstream still open 5 s after the client left (sent ${before?.eventsSent} events before)`).toBeDefined();
          const tookMs = (closed?.abortedAt ?? 0) - leftAt;
          expect(tookMs).toBeLessThan(1000);
          console.info(`${surfaceName} → ${providerName}: upstream closed ${tookMs} ms after the client left`);

          expect(await slotsInUse(key)).toBe(0);
          const requestId = response.headers.get('x-request-id') ?? '';
          const check = (async () => {
            const archive = await archivedRequest(gatewayUrl, key, requestId);
            expect(archive).toMatchObject({ cancelled: true, stream: true });
            const rows = await usageRowsOnce(gatewayUrl, key, '', 1);
            expect(rows[0]).toMatchObject({ requests: 1, cancelled: 1 });
          })();
          check.catch(() => {}); // awaited by the last test
          recorded.push({ name: `${surfaceName} → ${providerName}`, check });
        });
      }
    }
  });

  it('a stream waiting on a slow upstream is closed within two keep-alive intervals of the client leaving', async () => {
    const { key } = await createGatewayKey(gatewayUrl, 'cancel-waiting', { limits: { maxConcurrent: 2 } });
    const id = tag();
    const client = new AbortController();
    const started = Date.now();
    const response = await post(
      '/v1/chat/completions',
      key,
      { model: CANCEL_WAITING_ROUTE, stream: true, messages: [{ role: 'user', content: `Think hard (${id})` }] },
      client.signal,
    );
    expect(response.status).toBe(200); // committed after the window: the upstream has not answered
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const text = await readUntil(reader, (seen) => seen.includes(': keep-alive'));
    expect(text).not.toContain('data:');
    expect(Date.now() - started).toBeLessThan(CANCEL_WAITING_STREAM.commitMs + 2000);
    client.abort();
    const leftAt = Date.now();
    const closed = await upstreamClosed(id, 2 * CANCEL_WAITING_STREAM.keepAliveMs + 3000);
    expect(closed, 'upstream still open').toBeDefined();
    expect(closed?.status).toBeNull(); // it never answered
    const tookMs = (closed?.abortedAt ?? 0) - leftAt;
    expect(tookMs).toBeLessThan(2 * CANCEL_WAITING_STREAM.keepAliveMs + 700); // three writes would take almost 3 intervals
    console.info(
      `waiting stream: upstream closed ${tookMs} ms after the client left (keep-alive every ${CANCEL_WAITING_STREAM.keepAliveMs} ms)`,
    );

    const archive = await archivedRequest(gatewayUrl, key, response.headers.get('x-request-id') ?? '');
    expect(archive).toMatchObject({ cancelled: true, stream: true });
    expect(await slotsInUse(key)).toBe(0);
  });

  it('every flowing stream whose client left is archived and accounted as cancelled', async () => {
    expect(recorded).toHaveLength(Object.keys(surfaces).length * Object.keys(providers).length);
    const failures = (await Promise.allSettled(recorded.map((entry) => entry.check)))
      .map((outcome, index) => (outcome.status === 'rejected' ? `${recorded[index]?.name}: ${outcome.reason}` : undefined))
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  it('an upstream silent for 25 s: bytes within 15 s, then the fallback serves when it fails', { timeout: 50_000 }, async () => {
    const { key, response, firstByteMs, totalMs, text } = await slowCase;
    expect(response.status).toBe(200);
    expect(firstByteMs).toBeLessThan(15_000);
    expect(totalMs).toBeGreaterThanOrEqual(25_000); // the first target really was silent that long
    expect(text.startsWith(': keep-alive')).toBe(true);
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => block.slice('data: '.length));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as Record<string, unknown>);
    expect(chunks.every((chunk) => !('error' in chunk))).toBe(true);
    const usage = chunks.at(-1)?.usage as { prompt_tokens: number; completion_tokens: number };
    expect(usage.completion_tokens).toBeGreaterThan(0);

    const calls = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as (FakeEntry & { body?: { model?: string } })[];
    const mine = calls.filter((call) => String(call.body?.model ?? '').includes(FIRST_BYTE_25S_ROUTE));
    expect(mine.map((call) => [call.family, call.status])).toEqual([
      ['openai', 500],
      ['deepseek', 200],
    ]);
    const archive = await archivedRequest(gatewayUrl, key, response.headers.get('x-request-id') ?? '');
    expect(archive.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    const rows = await usageRowsOnce(gatewayUrl, key, FIRST_BYTE_25S_ROUTE, 1);
    expect(rows.map((row) => row.model)).toEqual([`deepseek/deepseek-chat-${FIRST_BYTE_25S_ROUTE}`]);
    expect(rows[0]).toMatchObject({
      requests: 1,
      successes: 1,
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
    });
    console.info(`first byte after ${firstByteMs} ms, fallback content done after ${totalMs} ms`);
  });
});
