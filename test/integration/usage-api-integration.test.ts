/** `GET /v1/usage`: reports from the real ledger, per day, model or key, as JSON and CSV. */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/lib/usage/ledger-schema';
import type { UsageReport } from '../../src/lib/usage/report';
import { keyIdOf, usageEvent } from '../support/accounting';
import { parseCsv } from '../support/csv';
import { GATEWAY_KEY, OTHER_KEY } from '../support/gateway';
import { callWorker, handlers } from '../support/worker';

const ADMIN = 'sb-test-admin';
/** A past day no other test in this file writes to. */
const day = utcDay(Date.now() - 3 * 86_400_000);
const dayStart = Date.parse(`${day}T12:00:00Z`);
const WEIRD_MODEL = 'weird,"model"\nname';
let keyId = '';
let otherKeyId = '';

beforeAll(async () => {
  keyId = await keyIdOf(GATEWAY_KEY);
  otherKeyId = await keyIdOf(OTHER_KEY);
  const none = { prompt: 0, completion: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
  const events = [
    usageEvent({ keyId, at: dayStart, model: 'gpt-4o-mini', latencyMs: 100, timeToFirstTokenMs: 40 }),
    usageEvent({
      keyId,
      at: dayStart,
      model: 'gpt-4o-mini',
      outcome: 'failure',
      status: 502,
      tokens: none,
      costUsd: 0,
      latencyMs: 300,
      timeToFirstTokenMs: null,
    }),
    usageEvent({
      keyId,
      at: dayStart,
      model: WEIRD_MODEL,
      cacheHit: true,
      costUsd: 0,
      latencyMs: 50,
      timeToFirstTokenMs: 10,
      tokens: { ...none, prompt: 7, cached: 5 },
    }),
    usageEvent({ keyId: otherKeyId, at: dayStart, model: 'gpt-4o', costUsd: 0.25 }),
  ];
  const batch = createMessageBatch(
    'switchboard-usage',
    events.map((body, index) => ({ id: `seed-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await handlers.queue(batch, env, ctx);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(events.length);
});

async function usage(query: string, key = GATEWAY_KEY): Promise<Response> {
  return (await callWorker(`/v1/usage?${query}`, { key })).response;
}

async function report(query: string, key = GATEWAY_KEY): Promise<UsageReport> {
  const response = await usage(query, key);
  expect(response.status).toBe(200);
  return response.json();
}

/** CSV rows as objects, numbers compared with the JSON's (empty cell = null). */
function csvRecords(text: string): Record<string, string | number | null>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) =>
    Object.fromEntries(
      (header ?? []).map((name, index) => {
        const cell = row[index] ?? '';
        return [name, cell === '' ? null : Number.isNaN(Number(cell)) ? cell : Number(cell)];
      }),
    ),
  );
}

describe('GET /v1/usage', () => {
  it('reports the calling key per model with totals, averages and cache hit rate', async () => {
    const body = await report(`from=${day}&to=${day}&group_by=model`);
    expect(body).toMatchObject({ object: 'usage', from: day, to: day, group_by: 'model', key_id: keyId });
    expect(body.totals).toMatchObject({
      requests: 3,
      successes: 2,
      failures: 1,
      prompt_tokens: 17,
      completion_tokens: 20,
      cached_tokens: 5,
      total_tokens: 37,
      cost_usd: 0.0000135,
      average_latency_ms: 150,
      average_time_to_first_token_ms: 25,
      cache_hits: 1,
      cache_hit_rate: 0.3333,
    });
    expect(body.data.map((entry) => entry.model)).toEqual(['openai/gpt-4o-mini', `openai/${WEIRD_MODEL}`]);
  });

  it('reports latency percentiles from the ledger histograms, per group and in total', async () => {
    const body = await report(`from=${day}&to=${day}&group_by=model`);
    const near = (value: number | null, expected: number) =>
      expect(Math.abs((value ?? Number.NaN) - expected) / expected).toBeLessThan(0.026);
    // Latencies 100, 300, 50 ms; time to first token 40 and 10 ms (the failure had none).
    near(body.totals.latency_p50_ms, 100);
    near(body.totals.latency_p95_ms, 300);
    near(body.totals.latency_p99_ms, 300);
    near(body.totals.time_to_first_token_p50_ms, 10);
    near(body.totals.time_to_first_token_p95_ms, 40);
    const weird = body.data.find((entry) => entry.model === `openai/${WEIRD_MODEL}`);
    near(weird?.latency_p95_ms ?? null, 50);
    const byDay = await report(`from=${day}&to=${day}&group_by=day`);
    expect(byDay.data[0]?.latency_p95_ms).toBe(body.totals.latency_p95_ms);
  });

  it('exports CSV that a strict RFC 4180 reader parses into exactly the JSON rows', async () => {
    for (const groupBy of ['model', 'day'] as const) {
      const query = `from=${day}&to=${day}&group_by=${groupBy}`;
      const json = await report(query);
      const response = await usage(`${query}&format=csv`);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const records = csvRecords(await response.text());
      expect(records).toEqual(json.data.map((entry) => ({ ...entry })));
    }
  });

  it('gives the admin token any key or every key, and refuses a key reading another', async () => {
    const byKey = await report(`from=${day}&to=${day}&group_by=key`, ADMIN);
    expect(byKey.key_id).toBeNull();
    const mine = byKey.data.filter((entry) => entry.key_id === keyId || entry.key_id === otherKeyId);
    expect(mine.map((entry) => [entry.key_id, entry.requests]).sort()).toEqual(
      [
        [keyId, 3],
        [otherKeyId, 1],
      ].sort(),
    );
    const other = await report(`from=${day}&to=${day}&key_id=${otherKeyId}`, ADMIN);
    expect(other.totals).toMatchObject({ requests: 1, cost_usd: 0.25 });
    const forbidden = await usage(`key_id=${otherKeyId}`);
    expect(forbidden.status).toBe(403);
    // The admin token is accepted only on the read-only allow-list, not on other /v1 routes.
    const logs = (await callWorker('/v1/logs', { key: ADMIN })).response;
    expect(logs.status).toBe(403);
    expect(((await logs.json()) as { error: { message: string } }).error.message).toMatch(/^This credential cannot be used here/);
  });

  it('answers bad queries with a 400 in the OpenAI error shape', async () => {
    for (const query of [
      'from=2026-13-01',
      `from=${day}&to=2020-01-01`,
      'format=xml',
      'from=2020-01-01&to=2022-01-01',
      'group_by=hour',
      'colour=blue',
    ]) {
      const response = await usage(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { type: string } }).error.type, query).toBe('invalid_request_error');
    }
  });
});
