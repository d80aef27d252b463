/**
 * Cancellation everywhere (issue 14): a client that goes away aborts the upstream request on
 * every surface × provider × stream/non-stream path, while the gateway waits for the first
 * byte and while a stream flows; the key's concurrency slot comes back. Inside workerd the
 * client's abort reaches the Worker as `request.signal` (compatibility flag
 * `enable_request_signal`), as a real disconnect does when deployed.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { estimatePromptTokens } from '../../src/lib/models/tokens';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { keyIdOf } from '../support/accounting';
import { GATEWAY_KEY, gateway, type LoggedRequest, upstreamRequests } from '../support/gateway';
import { createKey, limiterStub } from '../support/keys';

const providers = { openai: 'openai/gpt-4o-mini', anthropic: 'anthropic/claude-sonnet-4-5', gemini: 'gemini/gemini-2.5-flash' };
const surfaces = {
  chat: (model: string, stream: boolean) => ({
    path: '/v1/chat/completions',
    json: { model, stream, messages: [{ role: 'user', content: 'hi' }] },
  }),
  messages: (model: string, stream: boolean) => ({
    path: '/v1/messages',
    json: { model, stream, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
  }),
};

/** Poll the fake upstream's log (no sleeps in the gateway; a few ms between polls here). */
async function until(tag: string, done: (entry: LoggedRequest & { aborted?: boolean }) => boolean, limitMs: number) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const entry = (await upstreamRequests()).find((logged) => JSON.stringify(logged).includes(tag));
    if (entry && done(entry)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`upstream request ${tag} did not reach the expected state within ${limitMs} ms`);
}

async function slotsInUse(keyId: string): Promise<number | undefined> {
  for (let i = 0; i < 200; i++) {
    const inUse = (await limiterStub(keyId).status())?.concurrency?.inUse;
    if (inUse === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await limiterStub(keyId).status())?.concurrency?.inUse;
}

describe('a client that goes away aborts the upstream', () => {
  for (const [providerName, base] of Object.entries(providers)) {
    for (const [surfaceName, body] of Object.entries(surfaces)) {
      for (const mode of ['non-stream, waiting', 'stream, waiting', 'stream, flowing'] as const) {
        it(`${surfaceName} → ${providerName}, ${mode}: upstream aborted within 1 s, slot released`, async () => {
          const { id, key } = await createKey({ limits: { maxConcurrent: 5 } });
          const tag = `cancel${crypto.randomUUID().slice(0, 8)}`;
          const directive = mode === 'stream, flowing' ? '@chunk-ms=400' : '@first-byte-ms=20000';
          const { path, json } = body(`${base}-${tag}${directive}`, mode !== 'non-stream, waiting');
          const client = new AbortController();
          const pending = gateway(path, { method: 'POST', key, json, signal: client.signal });
          if (mode === 'stream, flowing') {
            const response = await pending;
            expect(response.status).toBe(200);
            const reader = (response.body as ReadableStream<Uint8Array>).getReader();
            await reader.read(); // content is flowing
            await until(tag, () => true, 5000);
            await reader.cancel();
          } else {
            pending.catch(() => {});
            await until(tag, () => true, 5000); // the upstream call is in flight
            client.abort();
          }
          const tookMs = await until(tag, (entry) => entry.aborted === true, 1000);
          expect(tookMs).toBeLessThan(1000);
          expect(await slotsInUse(id)).toBe(0);
        });
      }
    }
  }
});

describe('a client that goes away aborts an embeddings call', () => {
  it('embeddings → openai, waiting: upstream aborted within 1 s, slot released', async () => {
    const { id, key } = await createKey({ limits: { maxConcurrent: 5 } });
    const tag = `embcancel${crypto.randomUUID().slice(0, 8)}`;
    const client = new AbortController();
    const pending = gateway('/v1/embeddings', {
      method: 'POST',
      key,
      json: { model: `openai/text-embedding-3-small-${tag}@first-byte-ms=20000`, input: 'hello' },
      signal: client.signal,
    });
    pending.catch(() => {});
    await until(tag, () => true, 5000);
    client.abort();
    expect(await until(tag, (entry) => entry.aborted === true, 1000)).toBeLessThan(1000);
    expect(await slotsInUse(id)).toBe(0);
  });
});

describe('what a cancelled request is billed', () => {
  it('a non-stream request cancelled while the provider works: its prompt estimate, marked estimated', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const tag = `billed${crypto.randomUUID().slice(0, 8)}`;
    const model = `openai/gpt-4o-mini-${tag}`;
    const messages = [{ role: 'user' as const, content: `Summarise the history of the bicycle in three paragraphs, please. ${tag}` }];
    const client = new AbortController();
    const pending = gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `${model}@first-byte-ms=20000`, messages },
      signal: client.signal,
    });
    pending.catch(() => {});
    await until(tag, () => true, 5000); // the provider has the prompt
    client.abort();
    await until(tag, (entry) => entry.aborted === true, 1000);

    const today = utcDay(Date.now());
    const row = await vi.waitUntil(
      async () => (await ledgerFor(env, keyId).rows(today, today)).find((entry) => entry.model.startsWith(`gpt-4o-mini-${tag}`)),
      { timeout: 10_000, interval: 20 },
    );
    const expected = estimatePromptTokens({ model: `${model}@first-byte-ms=20000`, messages } as ChatRequest);
    expect(expected).toBeGreaterThan(10);
    expect(row).toMatchObject({
      requests: 1,
      cancelled: 1,
      prompt_tokens: expected,
      completion_tokens: 0,
      estimated_requests: 1,
    });
  });
});
