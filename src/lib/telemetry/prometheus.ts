/**
 * The Prometheus text exposition format (version 0.0.4) for `GET /metrics`, from the usage
 * ledger's aggregates (all days it keeps), the KeyLimiters' refusal counters and this isolate's
 * circuit breakers. Pure: the route gathers the inputs.
 */
import type { LatencyBucketRow } from '../usage/latency-histogram';
import type { LedgerRow } from '../usage/ledger-schema';

export interface MetricsInput {
  rows: (LedgerRow & { keyId: string })[];
  latencies: (LatencyBucketRow & { keyId: string })[];
  refusals: { keyId: string; limit: string; count: number }[];
  openBreakers: { target: string; openedAt: number }[];
}

/** Histogram bounds in seconds, from a fast cached answer to a reasoning model's minutes. */
export const LATENCY_BOUNDS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** Integers print as integers; fractions without float noise (12 significant digits). */
function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

class Exposition {
  readonly #lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: [string, Labels, number][]): void {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [sample, labels, value] of samples) this.#lines.push(`${sample}${labelText(labels)} ${number(value)}`);
  }

  text(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

interface Series {
  labels: Labels;
  requests: Record<'success' | 'failure' | 'cancelled', number>;
  tokens: Record<'input' | 'output' | 'cached_input' | 'cache_write' | 'reasoning', number>;
  costNano: number;
  cacheHits: number;
  latencyMsSum: number;
  ttftMsSum: number;
  ttftCount: number;
  /** metric → count per bound index (the last index is +Inf). */
  buckets: Record<'latency' | 'ttft', number[]>;
}

const seriesKey = (keyId: string, provider: string, model: string) => `${keyId}\u0000${provider}\u0000${model}`;

function emptySeries(keyId: string, provider: string, model: string): Series {
  return {
    labels: { key_id: keyId, provider, model },
    requests: { success: 0, failure: 0, cancelled: 0 },
    tokens: { input: 0, output: 0, cached_input: 0, cache_write: 0, reasoning: 0 },
    costNano: 0,
    cacheHits: 0,
    latencyMsSum: 0,
    ttftMsSum: 0,
    ttftCount: 0,
    buckets: { latency: new Array(LATENCY_BOUNDS_SECONDS.length + 1).fill(0), ttft: new Array(LATENCY_BOUNDS_SECONDS.length + 1).fill(0) },
  };
}

/**
 * The smallest Prometheus bound at or above a ledger bucket's upper edge. A value is never
 * counted below its true bound; one within 5 % under a bound may count in the next one up
 * (the ledger's buckets are 5 % wide).
 */
export function boundIndex(ledgerBucket: number): number {
  const upperMs = ledgerBucket <= 0 ? 1 : 1.05 ** ledgerBucket;
  const index = LATENCY_BOUNDS_SECONDS.findIndex((bound) => bound * 1000 >= upperMs - 1e-9);
  return index === -1 ? LATENCY_BOUNDS_SECONDS.length : index;
}

function collect(input: MetricsInput): Series[] {
  const series = new Map<string, Series>();
  const get = (keyId: string, provider: string, model: string) => {
    const key = seriesKey(keyId, provider, model);
    const known = series.get(key);
    if (known) return known;
    const entry = emptySeries(keyId, provider, model);
    series.set(key, entry);
    return entry;
  };
  for (const row of input.rows) {
    const entry = get(row.keyId, row.provider, row.model);
    entry.requests.success += row.successes;
    entry.requests.failure += row.failures;
    entry.requests.cancelled += row.cancelled;
    entry.tokens.input += row.prompt_tokens;
    entry.tokens.output += row.completion_tokens;
    entry.tokens.cached_input += row.cached_tokens;
    entry.tokens.cache_write += row.cache_write_tokens;
    entry.tokens.reasoning += row.reasoning_tokens;
    entry.costNano += row.cost_nano_usd;
    entry.cacheHits += row.cache_hits;
    entry.latencyMsSum += row.latency_ms_sum;
    entry.ttftMsSum += row.ttft_ms_sum;
    entry.ttftCount += row.ttft_count;
  }
  for (const cell of input.latencies) {
    const entry = get(cell.keyId, cell.provider, cell.model);
    const counts = entry.buckets[cell.metric];
    const index = boundIndex(cell.bucket);
    counts[index] = (counts[index] ?? 0) + cell.count;
  }
  return [...series.values()].sort((a, b) =>
    seriesKey(a.labels.key_id ?? '', a.labels.provider ?? '', a.labels.model ?? '').localeCompare(
      seriesKey(b.labels.key_id ?? '', b.labels.provider ?? '', b.labels.model ?? ''),
    ),
  );
}

function histogramSamples(name: string, series: Series[], metric: 'latency' | 'ttft'): [string, Labels, number][] {
  const samples: [string, Labels, number][] = [];
  for (const entry of series) {
    const counts = entry.buckets[metric];
    let cumulative = 0;
    LATENCY_BOUNDS_SECONDS.forEach((bound, index) => {
      cumulative += counts[index] ?? 0;
      samples.push([`${name}_bucket`, { ...entry.labels, le: String(bound) }, cumulative]);
    });
    cumulative += counts[LATENCY_BOUNDS_SECONDS.length] ?? 0;
    samples.push([`${name}_bucket`, { ...entry.labels, le: '+Inf' }, cumulative]);
    const sumMs = metric === 'latency' ? entry.latencyMsSum : entry.ttftMsSum;
    samples.push([`${name}_sum`, entry.labels, sumMs / 1000]);
    samples.push([`${name}_count`, entry.labels, cumulative]);
  }
  return samples;
}

export function renderMetrics(input: MetricsInput): string {
  const series = collect(input);
  const out = new Exposition();
  out.family(
    'switchboard_requests_total',
    'counter',
    'Requests that reached a provider or the response cache, by key, provider, model and outcome.',
    series.flatMap((entry) =>
      (['success', 'failure', 'cancelled'] as const).map((outcome): [string, Labels, number] => [
        'switchboard_requests_total',
        { ...entry.labels, outcome },
        entry.requests[outcome],
      ]),
    ),
  );
  out.family(
    'switchboard_tokens_total',
    'counter',
    'Tokens by type: input, output (reasoning included), cached_input, cache_write, reasoning.',
    series.flatMap((entry) =>
      (Object.keys(entry.tokens) as (keyof Series['tokens'])[]).map((type): [string, Labels, number] => [
        'switchboard_tokens_total',
        { ...entry.labels, type },
        entry.tokens[type],
      ]),
    ),
  );
  out.family(
    'switchboard_cost_usd_total',
    'counter',
    'Cost in US dollars at the gateway price table.',
    series.map((entry) => ['switchboard_cost_usd_total', entry.labels, entry.costNano / 1e9]),
  );
  out.family(
    'switchboard_cache_hits_total',
    'counter',
    'Requests answered from the response cache.',
    series.map((entry) => ['switchboard_cache_hits_total', entry.labels, entry.cacheHits]),
  );
  out.family(
    'switchboard_request_duration_seconds',
    'histogram',
    'Time from arrival to the last byte.',
    histogramSamples('switchboard_request_duration_seconds', series, 'latency'),
  );
  out.family(
    'switchboard_time_to_first_token_seconds',
    'histogram',
    'Time from arrival to the first content byte.',
    histogramSamples('switchboard_time_to_first_token_seconds', series, 'ttft'),
  );
  out.family(
    'switchboard_rate_limit_refusals_total',
    'counter',
    "Requests refused by a key's limits, by limit (requests, tokens, concurrency, request_tokens, budget).",
    input.refusals.map(({ keyId, limit, count }) => ['switchboard_rate_limit_refusals_total', { key_id: keyId, limit }, count]),
  );
  out.family(
    'switchboard_circuit_breaker_open',
    'gauge',
    'Targets whose circuit breaker is open or half-open in the isolate that answered this scrape (breakers are per isolate).',
    input.openBreakers.map(({ target }) => ['switchboard_circuit_breaker_open', { target }, 1]),
  );
  return out.text();
}
