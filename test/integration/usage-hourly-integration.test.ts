/** `GET /v1/usage?group_by=hour`: the ledger's hourly rows, for charts of two days or less. */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { utcHour } from '../../src/lib/usage/hourly-ledger';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import type { UsageReport } from '../../src/lib/usage/report';
import { usageEvent } from '../support/accounting';
import { callWorker } from '../support/worker';

const ADMIN = 'sb-test-admin';
const DAY_MS = 86_400_000;

async function report(keyId: string, query: string): Promise<UsageReport> {
  const { response } = await callWorker(`/v1/usage?key_id=${keyId}&${query}`, { key: ADMIN });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as UsageReport;
}

describe('hourly usage', () => {
  it('groups by UTC hour over two days, with the same totals as the daily report', async () => {
    const keyId = `key_hourly_${crypto.randomUUID().slice(0, 8)}`;
    const first = utcDay(Date.now() - 2 * DAY_MS);
    const second = utcDay(Date.now() - DAY_MS);
    const at = (day: string, time: string) => Date.parse(`${day}T${time}Z`);
    const events = [
      usageEvent({ keyId, at: at(first, '01:10:00'), latencyMs: 100 }),
      usageEvent({ keyId, at: at(first, '01:50:00'), latencyMs: 300, outcome: 'failure', status: 502, costUsd: 0 }),
      usageEvent({ keyId, at: at(first, '05:30:00'), latencyMs: 200, model: 'gpt-4o' }),
      usageEvent({ keyId, at: at(second, '23:59:59'), latencyMs: 50, timeToFirstTokenMs: null }),
    ];
    expect(await ledgerFor(env, keyId).record(events)).toMatchObject({ applied: 4 });

    const hourly = await report(keyId, `from=${first}&to=${second}&group_by=hour`);
    expect(hourly.group_by).toBe('hour');
    expect(hourly.data.map((entry) => [entry.hour, entry.requests, entry.failures])).toEqual([
      [`${first}T01:00Z`, 2, 1],
      [`${first}T05:00Z`, 1, 0],
      [`${second}T23:00Z`, 1, 0],
    ]);
    expect(hourly.data[0]?.latency_p50_ms).toBeGreaterThan(0);
    expect(hourly.data[2]?.time_to_first_token_p50_ms).toBeNull();
    const daily = await report(keyId, `from=${first}&to=${second}&group_by=day`);
    expect(hourly.totals).toEqual(daily.totals);
    // One day only: the other day's hours are left out.
    const one = await report(keyId, `from=${second}&to=${second}&group_by=hour`);
    expect(one.data.map((entry) => entry.hour)).toEqual([`${second}T23:00Z`]);
  });

  it('refuses an hourly report over more than 7 days, naming group_by', async () => {
    const { response } = await callWorker(`/v1/usage?from=${utcDay(Date.now() - 7 * DAY_MS)}&group_by=hour`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'group_by', code: 'invalid_range' } });
  });

  it('prunes hours older than 8 days in the ledger alarm, keeping the daily rows', async () => {
    const keyId = `key_hourly_${crypto.randomUUID().slice(0, 8)}`;
    const old = Date.now() - 10 * DAY_MS;
    const ledger = ledgerFor(env, keyId);
    await ledger.record([usageEvent({ keyId, at: old }), usageEvent({ keyId })]);
    const day = utcDay(old);
    expect((await ledger.hourlyRows(day, day)).map((row) => row.day)).toEqual([utcHour(old)]);
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    expect(await ledger.hourlyRows(day, day)).toEqual([]);
    expect(await ledger.rows(day, day)).toHaveLength(1);
    expect(await ledger.hourlyRows(utcDay(Date.now()), utcDay(Date.now()))).toHaveLength(1);
  });
});
