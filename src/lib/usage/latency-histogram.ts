/**
 * Latency percentiles from the ledger: each request's latency (and time to first token) is
 * counted in a log-scale bucket, so a day × model keeps a few dozen small rows however many
 * requests it saw, buckets of any days, models or keys merge by adding counts, and p50/p95/p99
 * come out within ±2.5 % of the exact value (each bucket spans 5 %; we answer its midpoint).
 */

/** Bucket `n` holds values in (GROWTH^(n-1), GROWTH^n]; bucket 0 holds 0 and 1 ms. */
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

export const LATENCY_METRICS = ['latency', 'ttft'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

/** One stored histogram cell (a row of `usage_latency`); a type, not an interface, so SQL rows fit it. */
export type LatencyBucketRow = {
  day: string;
  provider: string;
  model: string;
  metric: LatencyMetric;
  bucket: number;
  count: number;
};

/** bucket → count. */
export type Histogram = Map<number, number>;

export function latencyBucket(ms: number): number {
  if (ms <= 1) return 0;
  // The epsilon keeps exact powers of GROWTH in their own bucket despite float rounding.
  return Math.ceil(Math.log(ms) / LOG_GROWTH - 1e-9);
}

/** The value a bucket stands for: the geometric midpoint of its bounds, in whole ms. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 1;
  return Math.round(GROWTH ** (bucket - 0.5));
}

export function addToHistogram(histogram: Histogram, bucket: number, count: number): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

/** The nearest-rank percentile (`fraction` in (0, 1]); null for an empty histogram. */
export function percentile(histogram: Histogram, fraction: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) ?? 0;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}
