/**
 * `GET /metrics` in workerd: the Prometheus text exposition from the real ledger, matching
 * `GET /v1/usage` for the same period; refusal counters from the real KeyLimiter; credentials.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { limiterFor } from '../../src/lib/limits/limiter-client';
import { boundIndex, LATENCY_BOUNDS_SECONDS } from '../../src/lib/telemetry/prometheus';
import { USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { latencyBucket } from '../../src/lib/usage/latency-histogram';
import { utcDay } from '../../src/lib/usage/ledger-schema';
import { usageEvent } from '../support/accounting';
import { callWorker, envWith, handlers } from '../support/worker';

const ADMIN = 'sb-test-admin';
const freshKey = () => `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;

/** `name{labels} value` lines → value by `name{labels}` (labels kept as written). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function sum(values: Map<string, number>, prefix: string, contains: string[] = []): number {
  let total = 0;
  for (const [name, value] of values) if (name.startsWith(prefix) && contains.every((part) => name.includes(part))) total += value;
  return total;
}

async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch(
    USAGE_QUEUE,
    bodies.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await handlers.queue(batch, env, ctx);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(bodies.length);
}

describe('GET /metrics', () => {
  it('exposes requests, tokens, cost, cache hits and latency histograms that match /v1/usage', async () => {
    const keyId = freshKey();
    await deliver([
      usageEvent({ keyId, model: 'gpt-4o-mini', latencyMs: 30, timeToFirstTokenMs: 12 }),
      usageEvent({ keyId, model: 'gpt-4o-mini', outcome: 'failure', status: 502, latencyMs: 700, costUsd: 0 }),
      usageEvent({ keyId, provider: 'anthropic', model: 'claude-sonnet-4-5', latencyMs: 4000, cacheHit: true, costUsd: 0 }),
    ]);
    const { response } = await callWorker('/metrics', { key: ADMIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    const values = samples(text);
    const mine = `key_id="${keyId}"`;
    expect(values.get(`switchboard_requests_total{${mine},provider="openai",model="gpt-4o-mini",outcome="success"}`)).toBe(1);
    expect(values.get(`switchboard_requests_total{${mine},provider="openai",model="gpt-4o-mini",outcome="failure"}`)).toBe(1);
    expect(values.get(`switchboard_cache_hits_total{${mine},provider="anthropic",model="claude-sonnet-4-5"}`)).toBe(1);
    expect(values.get(`switchboard_request_duration_seconds_count{${mine},provider="openai",model="gpt-4o-mini"}`)).toBe(2);
    expect(values.get(`switchboard_request_duration_seconds_bucket{${mine},provider="openai",model="gpt-4o-mini",le="0.05"}`)).toBe(1);
    expect(values.get(`switchboard_request_duration_seconds_bucket{${mine},provider="openai",model="gpt-4o-mini",le="1"}`)).toBe(2);
    expect(values.get(`switchboard_request_duration_seconds_sum{${mine},provider="openai",model="gpt-4o-mini"}`)).toBe(0.73);
    expect(values.get(`switchboard_time_to_first_token_seconds_bucket{${mine},provider="openai",model="gpt-4o-mini",le="0.025"}`)).toBe(1);
    expect(text).toContain('# TYPE switchboard_request_duration_seconds histogram');

    // The same period through the usage API: every counter agrees.
    const today = utcDay(Date.now());
    const yearAgo = utcDay(Date.now() - 365 * 86_400_000);
    const usage = (await (await callWorker(`/v1/usage?from=${yearAgo}&to=${today}&group_by=key`, { key: ADMIN })).response.json()) as {
      totals: Record<string, number> & { cost_usd: number };
    };
    expect(sum(values, 'switchboard_requests_total')).toBe(usage.totals.requests);
    expect(sum(values, 'switchboard_tokens_total', ['type="input"'])).toBe(usage.totals.prompt_tokens);
    expect(sum(values, 'switchboard_tokens_total', ['type="output"'])).toBe(usage.totals.completion_tokens);
    expect(sum(values, 'switchboard_cache_hits_total')).toBe(usage.totals.cache_hits);
    expect(sum(values, 'switchboard_cost_usd_total')).toBeCloseTo(usage.totals.cost_usd, 9);
  });

  it('counts refusals by limit from the key’s KeyLimiter', async () => {
    const keyId = freshKey();
    await deliver([usageEvent({ keyId })]);
    const limiter = limiterFor(env, keyId);
    await limiter.setup('a'.repeat(64), { requestsPerMinute: 1 });
    const demand = { credentialHash: 'a'.repeat(64), tokens: 1, costNanoUsd: 0 };
    expect((await limiter.admit({ ...demand, requestId: 'req_1' })).kind).toBe('admitted');
    expect((await limiter.admit({ ...demand, requestId: 'req_2' })).kind).toBe('limited');
    const values = samples(await (await callWorker('/metrics', { key: ADMIN })).response.text());
    expect(values.get(`switchboard_rate_limit_refusals_total{key_id="${keyId}",limit="requests"}`)).toBe(1);
  });

  it('takes the admin token or SWITCHBOARD_METRICS_TOKEN, and refuses gateway keys', async () => {
    expect((await callWorker('/metrics')).response.status).toBe(401);
    expect((await callWorker('/metrics', { key: null })).response.status).toBe(401);
    const scraperEnv = envWith({ SWITCHBOARD_METRICS_TOKEN: 'scrape-me' });
    expect((await callWorker('/metrics', { key: 'scrape-me', env: scraperEnv })).response.status).toBe(200);
    expect((await callWorker('/metrics', { key: 'scrape-me' })).response.status).toBe(401);
    // The scraper token opens /metrics only.
    expect((await callWorker('/v1/usage', { key: 'scrape-me', env: scraperEnv })).response.status).toBe(401);
  });

  it('maps a ledger bucket to the first bound at or above its upper edge', () => {
    expect(LATENCY_BOUNDS_SECONDS[boundIndex(latencyBucket(1))]).toBe(0.005);
    expect(LATENCY_BOUNDS_SECONDS[boundIndex(latencyBucket(30))]).toBe(0.05);
    expect(LATENCY_BOUNDS_SECONDS[boundIndex(latencyBucket(4000))]).toBe(5);
    expect(boundIndex(latencyBucket(10_000_000))).toBe(LATENCY_BOUNDS_SECONDS.length);
  });
});
