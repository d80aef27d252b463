/**
 * Isolation (issue 14): revocation and key edits reach a request waiting in the key's rate
 * queue (re-checked before dispatch); a client that leaves while queued is never sent
 * upstream; /v1/embeddings uses the caller's own (BYOK) credential like chat does.
 */
import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';
import { admin, chat, createKey, freezeLimiterClock, limiterStub, uniqueModel } from '../support/keys';
import { callWorker } from '../support/worker';

/** The limiter's clock is frozen: put the key one request into a 1 rpm window whose next slot frees in `ms` real ms. */
async function queuedKey(ms: number, extra: Record<string, unknown> = {}) {
  const created = await createKey({ limits: { requestsPerMinute: 1, queue: { maxWaitMs: 120_000, maxQueued: 2 } }, ...extra });
  const clock = await freezeLimiterClock(created.id);
  const first = await callWorker('/v1/chat/completions', {
    method: 'POST',
    key: created.key,
    json: { model: `openai/${uniqueModel()}`, messages: [{ role: 'user', content: 'hi' }] },
  });
  expect(first.response.status).toBe(200);
  await first.response.text();
  // Its settlement (the concurrency slot back) is after-response work: let it finish.
  await first.settled();
  clock.advance(60_000 - ms);
  return created;
}

/** Wait until the limiter has reserved the queued request's place (no sleeps: polls the object). */
async function untilQueued(keyId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = await limiterStub(keyId).status();
    if (status?.requests && status.requests.remaining === 0 && status.requests.resetMs > 60_000) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the request never reached the queue');
}

async function sentUpstream(model: string) {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model);
}

describe('requests waiting in a key queue are re-checked before dispatch', () => {
  it('a key revoked while its request waits → 401, nothing sent upstream', async () => {
    const { id, key } = await queuedKey(1500);
    const model = uniqueModel();
    const pending = chat(key, `openai/${model}`);
    await untilQueued(id);
    expect((await admin(`/keys/${id}`, { method: 'DELETE' })).status).toBe(200);
    const response = await pending;
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'api_key_revoked' } });
    expect(await sentUpstream(model)).toHaveLength(0);
  });

  it('an allow-list edited while the request waits → 403, nothing sent upstream', async () => {
    const { id, key } = await queuedKey(1500);
    const model = uniqueModel();
    const pending = chat(key, `openai/${model}`);
    await untilQueued(id);
    expect((await admin(`/keys/${id}`, { method: 'PATCH', json: { allowedProviders: ['anthropic'] } })).status).toBe(200);
    const response = await pending;
    expect(response.status).toBe(403);
    expect(await sentUpstream(model)).toHaveLength(0);
  });

  it('a client that leaves while queued releases its slot at once and is never sent upstream', async () => {
    const { id, key } = await queuedKey(30_000, {
      limits: { requestsPerMinute: 1, maxConcurrent: 5, queue: { maxWaitMs: 120_000, maxQueued: 2 } },
    });
    const model = uniqueModel();
    const client = new AbortController();
    const started = Date.now();
    const pending = gateway('/v1/chat/completions', {
      method: 'POST',
      key,
      signal: client.signal,
      json: { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }] },
    }).catch((error: unknown) => error);
    await untilQueued(id);
    expect((await limiterStub(id).status())?.concurrency?.inUse).toBe(1);
    client.abort();
    await pending;
    // The wait is 30 s; the slot comes back long before (polled, no sleeps in the gateway).
    let inUse: number | undefined;
    for (let i = 0; i < 400 && inUse !== 0; i++) {
      inUse = (await limiterStub(id).status())?.concurrency?.inUse;
      if (inUse !== 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(inUse).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await sentUpstream(model)).toHaveLength(0);
  });
});

describe('/v1/embeddings with a BYOK credential', () => {
  it("uses the key's own credential, like chat", async () => {
    const { id, key } = await createKey();
    await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: 'sk-byok-embeddings-own-1234' } });
    const input = `embed-${crypto.randomUUID()}`;
    const response = await gateway('/v1/embeddings', { method: 'POST', key, json: { model: 'openai/text-embedding-3-small', input } });
    // The fake upstream knows only the gateway's key: the caller's own is refused there (502, no key shown).
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain('sk-byok-embeddings-own-1234');
    const sent = (await upstreamRequests()).filter((entry) => JSON.stringify(entry.body ?? {}).includes(input));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.auth?.value).toBe('Bearer sk-byok-embeddings-own-1234');
  });

  it('reaches a provider the gateway holds no credential for', async () => {
    const { id, key } = await createKey();
    const input = `embed-${crypto.randomUUID()}`;
    const before = await gateway('/v1/embeddings', { method: 'POST', key, json: { model: 'xai/grok-embed', input } });
    expect(before.status).toBe(400);
    await admin(`/keys/${id}/providers/xai`, { method: 'PUT', json: { apiKey: 'xai-fake' } });
    const after = await gateway('/v1/embeddings', { method: 'POST', key, json: { model: 'xai/grok-embed', input } });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-switchboard-provider')).toBe('xai');
  });
});
