/**
 * Requests and tokens per minute as a continuously refilling window (a token bucket whose
 * capacity is the per-minute limit and which refills at limit/60 s): a burst of up to the
 * limit is admitted at once, then capacity returns smoothly. It is exact under concurrency
 * because the owning Durable Object applies every change atomically, and it needs O(1) state.
 */
import type { Bucket, WindowSnapshot } from './limiter-types';

const WINDOW_MS = 60_000;

export function fullBucket(limit: number, now: number): Bucket {
  return { level: limit, updatedAt: now };
}

/** Bring the bucket up to `now`; it never holds more than `limit`. */
export function refill(bucket: Bucket, limit: number, now: number): void {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  bucket.level = Math.min(limit, bucket.level + (elapsed * limit) / WINDOW_MS);
  bucket.updatedAt = Math.max(bucket.updatedAt, now);
}

/** Milliseconds until `amount` units are available (0 when they are now). */
export function waitFor(bucket: Bucket, amount: number, limit: number): number {
  if (bucket.level >= amount) return 0;
  return Math.ceil(((amount - bucket.level) * WINDOW_MS) / limit);
}

export function snapshot(bucket: Bucket, limit: number): WindowSnapshot {
  return {
    limit,
    remaining: Math.max(0, Math.floor(bucket.level)),
    resetMs: Math.max(0, Math.ceil(((limit - bucket.level) * WINDOW_MS) / limit)),
  };
}
