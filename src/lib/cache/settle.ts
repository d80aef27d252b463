/**
 * The cache's after-response step (under `ctx.waitUntil`, never delaying the client): store a
 * successful miss, then count the outcome in the key's statistics.
 */
import type { AfterResponseContext } from '../pipeline/after-response-context';
import type { CacheCounterDelta } from './counters';
import { isStorable } from './policy';
import { countCacheOutcome } from './stats';
import { writeEntry } from './store';

export async function settleCache({ env, record, cache, result, forwarded }: AfterResponseContext): Promise<void> {
  if (!cache) return;
  const delta: CacheCounterDelta = {};
  if (record.cache === 'HIT') {
    delta.hits = 1;
    delta.bytesServed = cache.hit?.bytes ?? 0;
  } else if (record.cache === 'MISS') {
    delta.misses = 1;
  } else {
    delta.bypasses = 1;
  }
  const succeeded = record.status === 200 && !record.error && !record.cancelled;
  if (
    record.cache !== 'HIT' &&
    cache.policy.fill &&
    cache.key &&
    result &&
    succeeded &&
    isStorable(result) &&
    record.provider &&
    record.model
  ) {
    const served = { provider: record.provider, model: record.model };
    const answer = { result, served, forwarded };
    const bytes = await writeEntry(env.CACHE, cache.key, answer, cache.policy.ttlSeconds, record.endedAt ?? Date.now());
    if (bytes > 0) {
      delta.fills = 1;
      delta.bytesWritten = bytes;
    }
  }
  if (cache.policy.counted) await countCacheOutcome(env, record.keyId, delta);
}
