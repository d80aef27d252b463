/** The per-key cache counters object (see `durable-objects/cache-stats.ts`). */
export function cacheStatsObject(env: Env, keyId: string) {
  return env.CACHE_STATS.get(env.CACHE_STATS.idFromName(keyId));
}
