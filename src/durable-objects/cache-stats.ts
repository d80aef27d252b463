/**
 * Cache counters of one gateway key (one object per key id). A Durable Object, not KV, because
 * counters are read-modify-write: KV would lose increments under concurrency. Updates arrive
 * after the response (`ctx.waitUntil`), so the object is never on a request's critical path.
 */
import { DurableObject } from 'cloudflare:workers';
import type { CacheCounterDelta, CacheCounters } from '../lib/cache/counters';

const COUNTERS_KEY = 'counters';
const counterNames = ['hits', 'misses', 'bypasses', 'fills', 'bytesWritten', 'bytesServed'] as const;

export class CacheStats extends DurableObject<Env> {
  #counters: CacheCounters | undefined;

  async #load(): Promise<CacheCounters> {
    this.#counters ??= (await this.ctx.storage.get<CacheCounters>(COUNTERS_KEY)) ?? {
      hits: 0,
      misses: 0,
      bypasses: 0,
      fills: 0,
      bytesWritten: 0,
      bytesServed: 0,
      since: Date.now(),
    };
    return this.#counters;
  }

  async add(delta: CacheCounterDelta): Promise<CacheCounters> {
    const counters = { ...(await this.#load()) };
    for (const name of counterNames) counters[name] += Math.max(0, Math.trunc(delta[name] ?? 0));
    this.#counters = counters;
    await this.ctx.storage.put(COUNTERS_KEY, counters);
    return counters;
  }

  async read(): Promise<CacheCounters> {
    return { ...(await this.#load()) };
  }
}
