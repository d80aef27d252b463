/**
 * Gathers what `GET /metrics` reports: every key's ledger rows and latency histograms (all the
 * days the ledger keeps), each key's refusal counters from its KeyLimiter, and this isolate's
 * open breakers. One call per key and object, a bounded number at a time: a scrape is an admin
 * read, never on a request's path.
 */
import { limiterFor } from '../limits/limiter-client';
import { circuitBreakers } from '../routing/circuit-breaker';
import { ledgerDirectory, ledgerFor } from '../usage/ledger-schema';
import type { MetricsInput } from './prometheus';

const FIRST_DAY = '0000-01-01';
const LAST_DAY = '9999-12-31';
/** Keys read at once. */
const CONCURRENCY = 16;

async function inBatches<T>(items: string[], work: (item: string) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    out.push(...(await Promise.all(items.slice(start, start + CONCURRENCY).map(work))));
  }
  return out;
}

export async function gatherMetrics(env: Env): Promise<MetricsInput> {
  const keyIds = await ledgerDirectory(env).keys();
  const perKey = await inBatches(keyIds, async (keyId) => {
    const ledger = ledgerFor(env, keyId);
    const [rows, latencies, refusals] = await Promise.all([
      ledger.rows(FIRST_DAY, LAST_DAY),
      ledger.latencies(FIRST_DAY, LAST_DAY),
      limiterFor(env, keyId).refusals(),
    ]);
    return { keyId, rows, latencies, refusals };
  });
  return {
    rows: perKey.flatMap(({ keyId, rows }) => rows.map((row) => ({ ...row, keyId }))),
    latencies: perKey.flatMap(({ keyId, latencies }) => latencies.map((cell) => ({ ...cell, keyId }))),
    refusals: perKey.flatMap(({ keyId, refusals }) => Object.entries(refusals).map(([limit, count]) => ({ keyId, limit, count }))),
    openBreakers: circuitBreakers.openTargets(),
  };
}
