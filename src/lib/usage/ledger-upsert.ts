/**
 * Adding one usage event to a period's aggregates and latency histograms, for both grains the
 * UsageLedger keeps: days (`usage_daily`, `usage_latency`) and hours (`usage_hourly`,
 * `usage_latency_hourly`). One statement per table, so the two grains can never count differently.
 */
import type { UsageEvent } from './event';
import { latencyBucket } from './latency-histogram';

export interface LedgerGrain {
  /** The aggregates table and the histogram table of this grain. */
  aggregates: 'usage_daily' | 'usage_hourly';
  latencies: 'usage_latency' | 'usage_latency_hourly';
  /** The period column: `day` (`YYYY-MM-DD`) or `hour` (`YYYY-MM-DDTHH:00Z`). */
  period: 'day' | 'hour';
}

export const DAILY: LedgerGrain = { aggregates: 'usage_daily', latencies: 'usage_latency', period: 'day' };
export const HOURLY: LedgerGrain = { aggregates: 'usage_hourly', latencies: 'usage_latency_hourly', period: 'hour' };

/** Add `event` to `grain`'s row for `periodValue` and to its latency histograms. */
export function addToLedger(sql: SqlStorage, grain: LedgerGrain, periodValue: string, event: UsageEvent): void {
  const { tokens } = event;
  const ttft = event.timeToFirstTokenMs;
  const { aggregates, latencies, period } = grain;
  sql.exec(
    `INSERT INTO ${aggregates} (${period}, provider, model, requests, successes, failures, cancelled,
       prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
       estimated_requests, cost_nano_usd, latency_ms_sum, ttft_ms_sum, ttft_count, cache_hits)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (${period}, provider, model) DO UPDATE SET
       requests = requests + 1, successes = successes + excluded.successes, failures = failures + excluded.failures,
       cancelled = cancelled + excluded.cancelled, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
       completion_tokens = completion_tokens + excluded.completion_tokens, cached_tokens = cached_tokens + excluded.cached_tokens,
       cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
       estimated_requests = estimated_requests + excluded.estimated_requests, cost_nano_usd = cost_nano_usd + excluded.cost_nano_usd,
       latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
       ttft_count = ttft_count + excluded.ttft_count, cache_hits = cache_hits + excluded.cache_hits`,
    periodValue,
    event.provider,
    event.model,
    event.outcome === 'success' ? 1 : 0,
    event.outcome === 'failure' ? 1 : 0,
    event.outcome === 'cancelled' ? 1 : 0,
    tokens.prompt,
    tokens.completion,
    tokens.cached,
    tokens.cacheWrite,
    tokens.reasoning,
    event.estimated ? 1 : 0,
    event.costNanoUsd ?? Math.round(event.costUsd * 1e9),
    event.latencyMs,
    ttft ?? 0,
    ttft === null ? 0 : 1,
    event.cacheHit ? 1 : 0,
  );
  const count = (metric: 'latency' | 'ttft', ms: number) =>
    sql.exec(
      `INSERT INTO ${latencies} (${period}, provider, model, metric, bucket, count) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (${period}, provider, model, metric, bucket) DO UPDATE SET count = count + 1`,
      periodValue,
      event.provider,
      event.model,
      metric,
      latencyBucket(ms),
    );
  count('latency', event.latencyMs);
  if (ttft !== null) count('ttft', ttft);
}
