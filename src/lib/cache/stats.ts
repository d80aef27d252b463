/**
 * Cache statistics, counted per key in the key's `CacheStats` Durable Object.
 *
 * Outcomes are summed in this isolate and sent to the object at most once per
 * `STATS_FLUSH_INTERVAL_MS` per key (the first outcome at once), so a busy key costs one object
 * call per interval, not one per request. The cost: counts still in an isolate that is evicted
 * are lost, and another isolate's counts can lag by up to the interval. Reading statistics
 * flushes this isolate's pending counts first.
 */
import type { CacheCounterDelta } from './counters';

export const STATS_FLUSH_INTERVAL_MS = 5_000;

const pending = new Map<string, CacheCounterDelta>();
const lastFlushAt = new Map<string, number>();

export function cacheStatsObject(env: Env, keyId: string) {
  return env.CACHE_STATS.get(env.CACHE_STATS.idFromName(keyId));
}

function merge(into: CacheCounterDelta, delta: CacheCounterDelta): CacheCounterDelta {
  const sum: CacheCounterDelta = { ...into };
  for (const [name, value] of Object.entries(delta) as [keyof CacheCounterDelta, number][]) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

export async function flushCacheStats(env: Env, keyId: string, now = Date.now()): Promise<void> {
  const delta = pending.get(keyId);
  if (!delta) return;
  pending.delete(keyId);
  lastFlushAt.set(keyId, now);
  try {
    await cacheStatsObject(env, keyId).add(delta);
  } catch (error) {
    pending.set(keyId, merge(pending.get(keyId) ?? {}, delta));
    throw error;
  }
}

export async function countCacheOutcome(env: Env, keyId: string, delta: CacheCounterDelta, now = Date.now()): Promise<void> {
  pending.set(keyId, merge(pending.get(keyId) ?? {}, delta));
  if (now - (lastFlushAt.get(keyId) ?? 0) >= STATS_FLUSH_INTERVAL_MS) await flushCacheStats(env, keyId, now);
}
