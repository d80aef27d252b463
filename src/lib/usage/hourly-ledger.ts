/**
 * Hourly usage, for charts of short ranges (two days or less): the same counters and latency
 * histograms as `usage_daily` / `usage_latency`, per UTC hour × provider × model, kept
 * HOURLY_RETENTION_DAYS (the ledger's alarm prunes older hours). Written by the UsageLedger in
 * the same transaction as the daily rows; read by `GET /v1/usage?group_by=hour`.
 */
import type { UsageEvent } from './event';
import type { LatencyBucketRow } from './latency-histogram';
import type { LedgerRow } from './ledger-schema';
import { addToLedger, HOURLY } from './ledger-upsert';

/** Hourly rows older than this are pruned: hourly reports cover at most MAX_HOURLY_RANGE_DAYS. */
export const HOURLY_RETENTION_DAYS = 8;
/** The widest `group_by=hour` report, in days. */
export const MAX_HOURLY_RANGE_DAYS = 7;

export const HOURLY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS usage_hourly (
    hour TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    requests INTEGER NOT NULL, successes INTEGER NOT NULL, failures INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL, estimated_requests INTEGER NOT NULL,
    cost_nano_usd INTEGER NOT NULL, latency_ms_sum INTEGER NOT NULL, ttft_ms_sum INTEGER NOT NULL,
    ttft_count INTEGER NOT NULL, cache_hits INTEGER NOT NULL,
    PRIMARY KEY (hour, provider, model)
  )`,
  `CREATE TABLE IF NOT EXISTS usage_latency_hourly (
    hour TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, metric TEXT NOT NULL,
    bucket INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (hour, provider, model, metric, bucket)
  )`,
];

/** `YYYY-MM-DDTHH:00Z`: the UTC hour of an instant (sorts and compares as text). */
export function utcHour(at: number): string {
  return `${new Date(at).toISOString().slice(0, 13)}:00Z`;
}

/** Add one event to its hour's counters and histograms. */
export function recordHourly(sql: SqlStorage, event: UsageEvent): void {
  addToLedger(sql, HOURLY, utcHour(event.at), event);
}

/** Rows of the hours of days `from`..`to` (inclusive), with the hour in `day` so reports group them alike. */
export function hourlyRows(sql: SqlStorage, from: string, to: string): LedgerRow[] {
  return sql
    .exec<LedgerRow & { hour?: string }>(
      'SELECT hour AS day, * FROM usage_hourly WHERE hour BETWEEN ? AND ? ORDER BY hour, provider, model',
      `${from}T00:00Z`,
      `${to}T23:00Z`,
    )
    .toArray()
    .map(({ hour: _hour, ...row }) => row);
}

export function hourlyLatencies(sql: SqlStorage, from: string, to: string): LatencyBucketRow[] {
  return sql
    .exec<LatencyBucketRow>(
      'SELECT hour AS day, provider, model, metric, bucket, count FROM usage_latency_hourly WHERE hour BETWEEN ? AND ?',
      `${from}T00:00Z`,
      `${to}T23:00Z`,
    )
    .toArray();
}

/** Drop hours older than the retention window. */
export function pruneHourly(sql: SqlStorage, now: number): void {
  const cutoff = utcHour(now - HOURLY_RETENTION_DAYS * 86_400_000);
  sql.exec('DELETE FROM usage_hourly WHERE hour < ?', cutoff);
  sql.exec('DELETE FROM usage_latency_hourly WHERE hour < ?', cutoff);
}
