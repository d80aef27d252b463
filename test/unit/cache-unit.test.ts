import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/cache/canonical-json';
import { cacheScope, deriveCacheKey } from '../../src/lib/cache/key';
import { cachePolicy } from '../../src/lib/cache/policy';
import { cacheStatsObject, countCacheOutcome, flushCacheStats, STATS_FLUSH_INTERVAL_MS } from '../../src/lib/cache/stats';
import { readEntry, writeEntry } from '../../src/lib/cache/store';
import type { ChatRequest, ChatResult } from '../../src/lib/canonical';

const base: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
const hash = async (request: ChatRequest, scope = 'key:key_a') => (await deriveCacheKey(scope, 'chat', 'openai/gpt-4o-mini', request)).hash;

describe('cache key', () => {
  it('is deterministic JSON: key order never matters, array order does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
  });

  it('ignores transport and bookkeeping fields', async () => {
    const same = await hash(base);
    expect(await hash({ ...base, stream: true, stream_options: { include_usage: true } })).toBe(same);
    expect(await hash({ ...base, user: 'someone', metadata: { team: 'a' }, store: true })).toBe(same);
    expect(await hash({ temperature: 0, messages: base.messages, model: base.model })).toBe(same);
  });

  it('changes with every parameter that changes the output', async () => {
    const variants: Partial<ChatRequest>[] = [
      { temperature: 0.5 },
      { top_p: 0.5 },
      { max_tokens: 10 },
      { seed: 7 },
      { stop: ['x'] },
      { response_format: { type: 'json_object' } },
      { tool_choice: 'required' },
      { tools: [{ type: 'function', function: { name: 'f' } }] },
      { top_k: 3 },
      { reasoning_effort: 'low' },
      { messages: [{ role: 'user', content: 'hello' }] },
    ];
    const hashes = new Set([await hash(base)]);
    for (const variant of variants) hashes.add(await hash({ ...base, ...variant }));
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('is scoped: other keys get other names, keys of one tenant share them', async () => {
    expect(cacheScope({ id: 'key_a' })).not.toBe(cacheScope({ id: 'key_b' }));
    expect(cacheScope({ id: 'key_a', tenant: 't' })).toBe(cacheScope({ id: 'key_b', tenant: 't' }));
    const mine = await deriveCacheKey('key:key_a', 'chat', 'openai/m', base);
    const theirs = await deriveCacheKey('key:key_b', 'chat', 'openai/m', base);
    expect(mine.hash).toBe(theirs.hash);
    expect(mine.name).not.toBe(theirs.name);
  });
});

describe('cache policy', () => {
  const on = { cache: { mode: 'on' as const, ttlSeconds: 120 } };
  const policy = (key: object, headers: Record<string, string>, request: ChatRequest = base) =>
    cachePolicy(key, { mode: 'off' }, new Headers(headers), request);

  it('follows the key, then the request headers', () => {
    expect(policy(on, {})).toMatchObject({ lookup: true, fill: true, ttlSeconds: 120, status: 'MISS' });
    expect(policy({}, {})).toMatchObject({ lookup: false, fill: false, status: 'BYPASS', counted: false });
    expect(policy({}, { 'x-switchboard-cache': 'on' })).toMatchObject({ lookup: true, fill: true });
    expect(policy({ cache: { mode: 'off' } }, { 'x-switchboard-cache': 'force' })).toMatchObject({ lookup: false, fill: false });
    expect(policy(on, { 'cache-control': 'no-store' })).toMatchObject({ lookup: false, fill: false, status: 'BYPASS', counted: true });
    expect(policy(on, { 'cache-control': 'no-cache' })).toMatchObject({ lookup: false, fill: true, status: 'MISS' });
    expect(policy(on, { 'x-switchboard-cache': 'refresh' })).toMatchObject({ lookup: false, fill: true });
    expect(policy(on, { 'x-switchboard-cache-ttl': '5' }).ttlSeconds).toBe(5);
  });

  it('leaves requests that ask for variety alone unless forced', () => {
    expect(policy(on, {}, { ...base, temperature: 0.7 })).toMatchObject({ lookup: false, fill: false });
    expect(policy(on, {}, { ...base, n: 2 })).toMatchObject({ lookup: false, fill: false });
    expect(policy(on, {}, { ...base, temperature: undefined })).toMatchObject({ lookup: true });
    expect(policy(on, { 'x-switchboard-cache': 'force' }, { ...base, temperature: 0.7 })).toMatchObject({
      lookup: true,
      fill: true,
      forced: true,
    });
  });

  it('refuses malformed control headers with a 400', () => {
    expect(() => policy(on, { 'x-switchboard-cache': 'maybe' })).toThrow(/must be one of/);
    expect(() => policy(on, { 'x-switchboard-cache-ttl': '-1' })).toThrow(/whole number/);
  });
});

describe('cache store (real KV)', () => {
  const result = (id: string): ChatResult => ({
    id,
    model: 'gpt-4o-mini',
    created: 1,
    choices: [{ index: 0, message: { content: `answer ${id}` }, finishReason: 'stop' }],
  });
  const served = { provider: 'openai', model: 'gpt-4o-mini' };
  const freshKey = () => deriveCacheKey(`key:key_${crypto.randomUUID().slice(0, 8)}`, 'chat', 'openai/m', base);

  it('reads back what it wrote until the entry expiry, judged by the injected clock', async () => {
    const key = await freshKey();
    const bytes = await writeEntry(env.CACHE, key, { result: result('a'), served }, 90, 1_000);
    expect(bytes).toBeGreaterThan(0);
    expect((await readEntry(env.CACHE, key, 1_000 + 89_999))?.result.id).toBe('a');
    expect(await readEntry(env.CACHE, key, 1_000 + 90_000)).toBeUndefined();
  });

  it('treats a corrupt, foreign or old-format value as a miss', async () => {
    const key = await freshKey();
    await env.CACHE.put(key.name, '{"version":1,"result":');
    expect(await readEntry(env.CACHE, key, 0)).toBeUndefined();
    const other = await deriveCacheKey(key.scope, 'chat', 'openai/m', { ...base, seed: 1 });
    await writeEntry(env.CACHE, other, { result: result('b'), served }, 90, 0);
    await env.CACHE.put(key.name, (await env.CACHE.get(other.name)) ?? '');
    expect(await readEntry(env.CACHE, key, 0)).toBeUndefined();
    await env.CACHE.put(key.name, JSON.stringify({ version: 0, hash: key.hash, scope: key.scope, result: result('c') }));
    expect(await readEntry(env.CACHE, key, 0)).toBeUndefined();
  });

  it('keeps one whole entry when identical misses fill at once', async () => {
    const key = await freshKey();
    await Promise.all(['x', 'y', 'z'].map((id) => writeEntry(env.CACHE, key, { result: result(id), served }, 90, 0)));
    const read = await readEntry(env.CACHE, key, 0);
    expect(['x', 'y', 'z']).toContain(read?.result.id);
    expect(read?.result.choices[0]?.message.content).toBe(`answer ${read?.result.id}`);
  });
});

describe('cache statistics (real Durable Object)', () => {
  it('sends the first outcome at once, sums the rest per interval, and flushes on demand', async () => {
    const keyId = `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const stats = cacheStatsObject(env, keyId);
    await countCacheOutcome(env, keyId, { misses: 1 }, 1_000_000);
    expect(await stats.read()).toMatchObject({ misses: 1, hits: 0 });
    await countCacheOutcome(env, keyId, { hits: 1, bytesServed: 10 }, 1_000_000 + 1_000);
    await countCacheOutcome(env, keyId, { hits: 1, bytesServed: 5 }, 1_000_000 + 2_000);
    expect(await stats.read()).toMatchObject({ misses: 1, hits: 0 });
    await countCacheOutcome(env, keyId, { misses: 1 }, 1_000_000 + STATS_FLUSH_INTERVAL_MS);
    expect(await stats.read()).toMatchObject({ misses: 2, hits: 2, bytesServed: 15 });
    await countCacheOutcome(env, keyId, { bypasses: 1 }, 1_000_000 + STATS_FLUSH_INTERVAL_MS + 1);
    await flushCacheStats(env, keyId);
    expect(await stats.read()).toMatchObject({ misses: 2, hits: 2, bypasses: 1 });
  });
});
