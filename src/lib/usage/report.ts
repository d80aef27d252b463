/**
 * Usage reports for `GET /v1/usage`: ledger rows of one key, or of every key (admin), summed
 * per day, model or key, with totals and derived figures (averages, latency percentiles from
 * the ledger's histograms, cache hit rate).
 */
import { addToHistogram, type Histogram, type LatencyBucketRow, percentile } from './latency-histogram';
import { type LedgerCounts, type LedgerRow, ledgerDirectory, ledgerFor } from './ledger-schema';

export type GroupBy = 'day' | 'hour' | 'model' | 'key';

export type UsageMetrics = LedgerCounts & {
  total_tokens: number;
  cost_usd: number;
  average_latency_ms: number | null;
  average_time_to_first_token_ms: number | null;
  /** Percentiles within ±2.5 % (log-scale histogram); null when nothing was measured. */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  time_to_first_token_p50_ms: number | null;
  time_to_first_token_p95_ms: number | null;
  cache_hit_rate: number | null;
};

export interface UsageReport {
  object: 'usage';
  from: string;
  to: string;
  group_by: GroupBy;
  /** The key reported on; null for every key. */
  key_id: string | null;
  totals: UsageMetrics;
  /**
   * Usage events in the period that could not be stored (invalid, or the ledger kept failing):
   * logged in full for replay but not in these totals. 0 when accounting lost nothing.
   */
  dead_lettered_events: number;
  /** One entry per group, named by the grouping: `day`, `hour` (`YYYY-MM-DDTHH:00Z`), `model` (`provider/model`) or `key_id`. */
  data: UsageGroup[];
}

export const GROUP_COLUMN = { day: 'day', hour: 'hour', model: 'model', key: 'key_id' } as const;
export type UsageGroup = Partial<Record<(typeof GROUP_COLUMN)[GroupBy], string>> & UsageMetrics;

type KeyedRow = LedgerRow & { keyId: string };
type KeyedLatency = LatencyBucketRow & { keyId: string };
interface Latencies {
  latency: Histogram;
  ttft: Histogram;
}

const SUMMED = [
  'requests',
  'successes',
  'failures',
  'cancelled',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'estimated_requests',
  'cost_nano_usd',
  'latency_ms_sum',
  'ttft_ms_sum',
  'ttft_count',
  'cache_hits',
] as const;
type Sums = Record<(typeof SUMMED)[number], number>;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function metrics(sums: Sums, latencies: Latencies): UsageMetrics {
  return {
    requests: sums.requests,
    successes: sums.successes,
    failures: sums.failures,
    cancelled: sums.cancelled,
    prompt_tokens: sums.prompt_tokens,
    completion_tokens: sums.completion_tokens,
    cached_tokens: sums.cached_tokens,
    cache_write_tokens: sums.cache_write_tokens,
    reasoning_tokens: sums.reasoning_tokens,
    total_tokens: sums.prompt_tokens + sums.completion_tokens,
    estimated_requests: sums.estimated_requests,
    cost_usd: round(sums.cost_nano_usd / 1e9, 9),
    average_latency_ms: sums.requests ? round(sums.latency_ms_sum / sums.requests, 1) : null,
    average_time_to_first_token_ms: sums.ttft_count ? round(sums.ttft_ms_sum / sums.ttft_count, 1) : null,
    latency_p50_ms: percentile(latencies.latency, 0.5),
    latency_p95_ms: percentile(latencies.latency, 0.95),
    latency_p99_ms: percentile(latencies.latency, 0.99),
    time_to_first_token_p50_ms: percentile(latencies.ttft, 0.5),
    time_to_first_token_p95_ms: percentile(latencies.ttft, 0.95),
    cache_hits: sums.cache_hits,
    cache_hit_rate: sums.requests ? round(sums.cache_hits / sums.requests, 4) : null,
  };
}

function emptySums(): Sums {
  return Object.fromEntries(SUMMED.map((name) => [name, 0])) as Sums;
}

function add(into: Sums, row: LedgerRow): void {
  for (const name of SUMMED) into[name] += row[name];
}

const emptyLatencies = (): Latencies => ({ latency: new Map(), ttft: new Map() });

function groupOf(row: Pick<KeyedRow, 'day' | 'provider' | 'model' | 'keyId'>, groupBy: GroupBy): string {
  // Hourly rows carry their hour (`YYYY-MM-DDTHH:00Z`) in `day`.
  if (groupBy === 'day' || groupBy === 'hour') return row.day;
  if (groupBy === 'key') return row.keyId;
  return row.provider ? `${row.provider}/${row.model}` : row.model;
}

export function summarize(
  rows: KeyedRow[],
  latencyRows: KeyedLatency[],
  query: { from: string; to: string; groupBy: GroupBy; keyId: string | null },
  deadLettered = 0,
): UsageReport {
  const totals = emptySums();
  const groups = new Map<string, Sums>();
  for (const row of rows) {
    add(totals, row);
    const group = groupOf(row, query.groupBy);
    const sums = groups.get(group) ?? emptySums();
    groups.set(group, sums);
    add(sums, row);
  }
  const allLatencies = emptyLatencies();
  const groupLatencies = new Map<string, Latencies>();
  for (const row of latencyRows) {
    const group = groupOf(row, query.groupBy);
    const latencies = groupLatencies.get(group) ?? emptyLatencies();
    groupLatencies.set(group, latencies);
    addToHistogram(latencies[row.metric], row.bucket, row.count);
    addToHistogram(allLatencies[row.metric], row.bucket, row.count);
  }
  const column = GROUP_COLUMN[query.groupBy];
  const data = [...groups.keys()]
    .sort()
    .map((group) => ({ [column]: group, ...metrics(groups.get(group) as Sums, groupLatencies.get(group) ?? emptyLatencies()) }));
  return {
    object: 'usage',
    from: query.from,
    to: query.to,
    group_by: query.groupBy,
    key_id: query.keyId,
    totals: metrics(totals, allLatencies),
    dead_lettered_events: deadLettered,
    data,
  };
}

/** One key's usage, or every key's when `keyId` is null. */
export async function usageReport(
  env: Env,
  query: { from: string; to: string; groupBy: GroupBy; keyId: string | null },
): Promise<UsageReport> {
  const directory = ledgerDirectory(env);
  const [keyIds, deadLettered] = await Promise.all([
    query.keyId === null ? directory.keys() : [query.keyId],
    directory.deadLetters(query.from, query.to, query.keyId),
  ]);
  const perKey = await Promise.all(
    keyIds.map(async (keyId) => {
      const ledger = ledgerFor(env, keyId);
      const hourly = query.groupBy === 'hour';
      const [rows, latencies] = await Promise.all([
        hourly ? ledger.hourlyRows(query.from, query.to) : ledger.rows(query.from, query.to),
        hourly ? ledger.hourlyLatencies(query.from, query.to) : ledger.latencies(query.from, query.to),
      ]);
      return { rows: rows.map((row) => ({ ...row, keyId })), latencies: latencies.map((row) => ({ ...row, keyId })) };
    }),
  );
  return summarize(
    perKey.flatMap((entry) => entry.rows),
    perKey.flatMap((entry) => entry.latencies),
    query,
    deadLettered,
  );
}
