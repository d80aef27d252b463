import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deriveCacheKey } from '../../src/lib/cache/key';
import { readEntry } from '../../src/lib/cache/store';
import type { ChatRequest } from '../../src/lib/canonical';
import { sha256 } from '../../src/lib/keys/crypto';
import { keyIdFromDigest } from '../../src/lib/keys/keys';
import { GATEWAY_KEY, OTHER_KEY, upstreamRequests } from '../support/gateway';
import { settledWorker } from '../support/worker-context';

const CACHE_ON = { 'x-switchboard-cache': 'on' };
const unique = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;
const question = (model: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: `openai/${model}`,
  messages: [{ role: 'user', content: 'Count to three.' }],
  ...extra,
});

async function sentUpstream(model: string) {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model);
}

async function keyId(secret: string) {
  return keyIdFromDigest(await sha256(secret));
}

/** The KV entry the gateway would use for this request and key. */
async function cachedEntry(request: ChatRequest, secret = GATEWAY_KEY) {
  const key = await deriveCacheKey(`key:${await keyId(secret)}`, 'chat', request.model, request);
  return readEntry(env.CACHE, key, Date.now());
}

describe('response cache', () => {
  it('answers the same request twice from one upstream call, the second a HIT with an identical body', async () => {
    const worker = settledWorker();
    const model = unique();
    const first = await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON });
    const firstBody = await first.text();
    await worker.settle();
    const second = await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON });
    expect(first.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(second.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(second.headers.get('x-switchboard-provider')).toBe('openai');
    expect(second.headers.get('x-switchboard-attempts')).toBe('0');
    expect(await second.text()).toBe(firstBody);
    expect(await sentUpstream(model)).toHaveLength(1);
  });

  it('misses for a different parameter, another key, and when the cache is off', async () => {
    const worker = settledWorker();
    const model = unique();
    await (await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON })).text();
    await worker.settle();
    const otherParameter = await worker.post('/v1/chat/completions', question(model, { max_tokens: 50 }), { headers: CACHE_ON });
    const otherKey = await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON, key: OTHER_KEY });
    const off = await worker.post('/v1/chat/completions', question(model));
    const noStore = await worker.post('/v1/chat/completions', question(model), { headers: { ...CACHE_ON, 'cache-control': 'no-store' } });
    expect(otherParameter.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(otherKey.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(off.headers.get('x-switchboard-cache')).toBe('BYPASS');
    expect(noStore.headers.get('x-switchboard-cache')).toBe('BYPASS');
    expect(await sentUpstream(model)).toHaveLength(5);
  });

  it('leaves a request with temperature > 0 alone unless forced', async () => {
    const worker = settledWorker();
    const model = unique();
    const warm = question(model, { temperature: 0.8 });
    await (await worker.post('/v1/chat/completions', warm, { headers: CACHE_ON })).text();
    await worker.settle();
    expect(await cachedEntry(warm)).toBeUndefined();
    await (await worker.post('/v1/chat/completions', warm, { headers: { 'x-switchboard-cache': 'force' } })).text();
    await worker.settle();
    const forced = await worker.post('/v1/chat/completions', warm, { headers: { 'x-switchboard-cache': 'force' } });
    expect(forced.headers.get('x-switchboard-cache')).toBe('HIT');
  });

  it('replays a HIT as a stream the openai client reads to the same text', async () => {
    const worker = settledWorker();
    const client = worker.openai({ headers: CACHE_ON });
    const model = unique();
    const request = { model: `openai/${model}`, messages: [{ role: 'user' as const, content: 'Say something long.' }] };
    const completion = await client.chat.completions.create(request);
    await worker.settle();
    const { data: stream, response } = await client.chat.completions
      .create({ ...request, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let usage: unknown;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(response.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(text).toBe(completion.choices[0]?.message.content);
    expect(text.length).toBeGreaterThan(100);
    expect(finish).toBe('stop');
    // The miss is the provider's own body (same-dialect lane); the replay carries the same counts.
    const { prompt_tokens, completion_tokens, total_tokens } = completion.usage ?? {};
    expect(usage).toMatchObject({ prompt_tokens, completion_tokens, total_tokens });
    expect(await sentUpstream(model)).toHaveLength(1);
  });

  it('replays cached tool calls in a stream', async () => {
    const worker = settledWorker();
    const client = worker.openai({ headers: CACHE_ON });
    const model = unique();
    const request = {
      model: `openai/${model}`,
      messages: [{ role: 'user' as const, content: 'capital of the UK?' }],
      tools: [{ type: 'function' as const, function: { name: 'get_capital', parameters: { type: 'object', properties: {} } } }],
    };
    const completion = await client.chat.completions.create(request);
    await worker.settle();
    const stream = await client.chat.completions.create({ ...request, stream: true });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name ||= call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
    }
    const expected = completion.choices[0]?.message.tool_calls?.[0];
    expect(expected?.type === 'function' && expected.function.name).toBe(name);
    expect(expected?.type === 'function' && expected.function.arguments).toBe(args);
    expect(await sentUpstream(model)).toHaveLength(1);
  });

  it('fills from a streamed miss only once the stream completed', async () => {
    const worker = settledWorker();
    const model = unique();
    const request = question(model, { stream: true });
    const response = await worker.post('/v1/chat/completions', request, { headers: CACHE_ON });
    expect(response.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(await cachedEntry(request)).toBeUndefined();
    const body = await response.text();
    await worker.settle();
    const entry = await cachedEntry(request);
    const streamedText = body
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => JSON.parse(block.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    expect(entry?.result.choices[0]?.message.content).toBe(streamedText);
    const again = await worker.post('/v1/chat/completions', { ...request, stream: false }, { headers: CACHE_ON });
    expect(again.headers.get('x-switchboard-cache')).toBe('HIT');
  });

  it('never stores a stream the upstream dropped', async () => {
    const worker = settledWorker();
    const request = question(`${unique()}@drop-after=2`, { stream: true });
    const body = await (await worker.post('/v1/chat/completions', request, { headers: CACHE_ON })).text();
    await worker.settle();
    expect(body).toContain('"error"');
    expect(await cachedEntry(request)).toBeUndefined();
  });

  it('keeps one valid entry when identical misses arrive together', async () => {
    const worker = settledWorker();
    const model = unique();
    const responses = await Promise.all([1, 2, 3].map(() => worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON })));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    await worker.settle();
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const entry = await cachedEntry(question(model));
    expect(entry).toBeDefined();
    const hit = await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON });
    expect(hit.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(bodies).toContain(await hit.text());
  });

  it('counts hits, misses and bytes per key, for the key and for admins', async () => {
    const worker = settledWorker();
    const model = unique();
    type Stats = {
      hits: number;
      misses: number;
      fills: number;
      entries: number;
      bytes_written: number;
      bytes_served: number;
      bytes_stored: number;
    };
    const read = async (path: string, token: string) =>
      (await (await worker.fetch(`https://gateway.test${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Stats;
    // A key of its own: statistics are per key, and other tests' deferred work must not land in them.
    const created = (await (
      await worker.fetch('https://gateway.test/admin/keys', {
        method: 'POST',
        headers: { authorization: 'Bearer sb-test-admin', 'content-type': 'application/json' },
        body: JSON.stringify({ name: `cache-stats-${model}` }),
      })
    ).json()) as { id: string; key: string };
    const ownKey = created.key;
    const adminPath = `/admin/cache/stats?key_id=${created.id}`;
    const [before, otherBefore] = [await read('/v1/cache/stats', ownKey), await read('/v1/cache/stats', OTHER_KEY)];
    await (await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON, key: ownKey })).text();
    await worker.settle();
    await (await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON, key: ownKey })).text();
    await worker.settle();
    const after = await read('/v1/cache/stats', ownKey);
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
    expect(after.fills - before.fills).toBe(1);
    expect(after.entries - before.entries).toBe(1);
    const written = after.bytes_written - before.bytes_written;
    expect(written).toBeGreaterThan(100);
    expect(after.bytes_served - before.bytes_served).toBe(written);
    expect(after.bytes_stored - before.bytes_stored).toBe(written);
    expect(await read(adminPath, 'sb-test-admin')).toMatchObject({ hits: after.hits, misses: after.misses });
    expect(await read('/v1/cache/stats', OTHER_KEY)).toMatchObject({ hits: otherBefore.hits, misses: otherBefore.misses });
  });

  it('lets admins delete entries by key and model, by model, or by key', async () => {
    const worker = settledWorker();
    const admin = { authorization: 'Bearer sb-test-admin' };
    const [one, two] = [unique(), unique()];
    for (const model of [one, two]) {
      for (const key of [GATEWAY_KEY, OTHER_KEY]) {
        await (await worker.post('/v1/chat/completions', question(model), { headers: CACHE_ON, key })).text();
      }
    }
    await worker.settle();
    const remove = async (query: string) =>
      (await (await worker.fetch(`https://gateway.test/admin/cache?${query}`, { method: 'DELETE', headers: admin })).json()) as {
        deleted: number;
      };
    expect(await remove(`key_id=${await keyId(GATEWAY_KEY)}&model=openai/${one}`)).toMatchObject({ deleted: 1 });
    expect(await cachedEntry(question(one))).toBeUndefined();
    expect(await cachedEntry(question(one), OTHER_KEY)).toBeDefined();
    expect(await remove(`model=openai/${one}`)).toMatchObject({ deleted: 1 });
    expect(await cachedEntry(question(one), OTHER_KEY)).toBeUndefined();
    expect((await remove(`key_id=${await keyId(OTHER_KEY)}`)).deleted).toBeGreaterThanOrEqual(1);
    expect(await cachedEntry(question(two), OTHER_KEY)).toBeUndefined();
    expect(await cachedEntry(question(two))).toBeDefined();
    // `all=true` walks the same prefix loop from the root; it is not run here because test files share KV.
    const mixed = await worker.fetch('https://gateway.test/admin/cache?all=true&model=x', { method: 'DELETE', headers: admin });
    expect(mixed.status).toBe(400);
    const refused = await worker.fetch('https://gateway.test/admin/cache', { method: 'DELETE', headers: admin });
    expect(refused.status).toBe(400);
    const notAdmin = await worker.fetch('https://gateway.test/admin/cache?all=true', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${GATEWAY_KEY}` },
    });
    expect(notAdmin.status).toBe(403);
  });
});
