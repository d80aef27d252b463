/** The UsageLedger's SQLite schema and row shape, shared by the object and its readers. */

/**
 * How long applied request ids are remembered. Queues keep an undelivered message at most
 * 14 days, so no redelivery can arrive later than that; events older than the window are
 * refused rather than risk counting one twice.
 */
export const DEDUPE_WINDOW_MS = 15 * 86_400_000;

export const LEDGER_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS usage_daily (
    day TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    requests INTEGER NOT NULL, successes INTEGER NOT NULL, failures INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL, estimated_requests INTEGER NOT NULL,
    cost_nano_usd INTEGER NOT NULL, latency_ms_sum INTEGER NOT NULL, ttft_ms_sum INTEGER NOT NULL,
    ttft_count INTEGER NOT NULL, cache_hits INTEGER NOT NULL,
    PRIMARY KEY (day, provider, model)
  )`,
  'CREATE TABLE IF NOT EXISTS usage_seen (request_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL, deliveries INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS usage_seen_by_time ON usage_seen (seen_at)',
  'CREATE TABLE IF NOT EXISTS ledger_keys (key_id TEXT PRIMARY KEY)',
  // Directory role: usage events the consumer could not store, counted per day, key and reason.
  `CREATE TABLE IF NOT EXISTS usage_dead_letters (
    day TEXT NOT NULL, key_id TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, key_id, reason)
  )`,
  // Log-scale latency histograms (usage/latency-histogram.ts), for percentiles in reports.
  `CREATE TABLE IF NOT EXISTS usage_latency (
    day TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, metric TEXT NOT NULL,
    bucket INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, provider, model, metric, bucket)
  )`,
];

/** The counters summed per key × day × model; reports (report.ts) sum them further. */
// A type alias, not an interface: SQL rows must be index-signature compatible.
export type LedgerCounts = {
  requests: number;
  successes: number;
  failures: number;
  cancelled: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  estimated_requests: number;
  cache_hits: number;
};

export type LedgerRow = LedgerCounts & {
  day: string;
  provider: string;
  model: string;
  cost_nano_usd: number;
  latency_ms_sum: number;
  ttft_ms_sum: number;
  ttft_count: number;
};

/** Why a usage event could not be stored: its shape, or a ledger that kept failing. */
export type DeadLetterReason = 'invalid' | 'ledger-unavailable';

export interface DeadLetter {
  day: string;
  /** The event's key id when it had one, else ''. */
  keyId: string;
  reason: DeadLetterReason;
}

/** `YYYY-MM-DD` of an instant (UTC). */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The ledger of one key: usage is sharded per key, so a key's report is one call. */
export function ledgerFor(env: Env, keyId: string) {
  return env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName(`key:${keyId}`));
}

/** The directory of key ids with usage (written once per new key by the consumer). */
export function ledgerDirectory(env: Env) {
  return env.USAGE_LEDGER.get(env.USAGE_LEDGER.idFromName('directory'));
}
