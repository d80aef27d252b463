/** Log-scale latency histograms: buckets, merging, and percentiles within ±2.5 %. */
import { describe, expect, it } from 'vitest';
import { addToHistogram, bucketValue, type Histogram, latencyBucket, percentile } from '../../src/lib/usage/latency-histogram';

function histogramOf(values: number[]): Histogram {
  const histogram: Histogram = new Map();
  for (const value of values) addToHistogram(histogram, latencyBucket(value), 1);
  return histogram;
}

/** The exact nearest-rank percentile, for comparison. */
function exact(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1] ?? Number.NaN;
}

describe('latency histogram', () => {
  it('answers every value within 2.5 % of itself', () => {
    for (const ms of [2, 3, 17, 100, 999, 1000, 12_345, 600_000]) {
      const value = bucketValue(latencyBucket(ms));
      expect(Math.abs(value - ms) / ms).toBeLessThanOrEqual(0.026);
    }
    expect(bucketValue(latencyBucket(0))).toBe(1);
    expect(latencyBucket(100)).toBeLessThan(latencyBucket(106));
  });

  it('gives p50, p95 and p99 of a skewed distribution within 2.5 %', () => {
    const values = Array.from({ length: 2000 }, (_, index) => 20 + (index % 100) ** 2);
    const histogram = histogramOf(values);
    for (const fraction of [0.5, 0.95, 0.99]) {
      const expected = exact(values, fraction);
      const answered = percentile(histogram, fraction) ?? Number.NaN;
      expect(Math.abs(answered - expected) / expected).toBeLessThanOrEqual(0.026);
    }
  });

  it('merges histograms by adding counts, as the report does across days, models and keys', () => {
    const morning = [10, 20, 30];
    const evening = [400, 500, 600, 700];
    const merged = histogramOf(morning);
    for (const [bucket, count] of histogramOf(evening)) addToHistogram(merged, bucket, count);
    expect(percentile(merged, 0.5)).toBe(percentile(histogramOf([...morning, ...evening]), 0.5));
    expect(percentile(merged, 0.5)).toBeGreaterThan(390);
  });

  it('is null when nothing was measured', () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
  });
});
