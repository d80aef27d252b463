/** Archive retention against the real R2 bucket, with an injected clock. */
import { createExecutionContext, createScheduledController, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { batchPath, hourPrefix, markerPath } from '../../src/lib/archive/paths';
import { runRetention } from '../../src/lib/archive/retention';
import { getConfig } from '../../src/lib/config';
import { newRequestId } from '../../src/lib/http/request-context';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';
import { envWith, handlers } from '../support/worker';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 15, 12, 30);
const KEY = 'key_retention00000';

/** Seed an archive and its marker for a request that arrived at `at`. */
async function seed(at: number, keyId = KEY): Promise<string> {
  const requestId = newRequestId(at);
  const path = `${hourPrefix(at)}${keyId}/${requestId}.json.gz`;
  await env.ARCHIVE.put(path, 'x');
  await env.ARCHIVE.put(markerPath(keyId, requestId), null);
  return path;
}

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const listing = await env.ARCHIVE.list({ cursor });
    keys.push(...listing.objects.map((object) => object.key));
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

async function clearBucket(): Promise<void> {
  const keys = await allKeys();
  for (let index = 0; index < keys.length; index += 1000) await env.ARCHIVE.delete(keys.slice(index, index + 1000));
}

beforeEach(clearBucket);

describe('archive retention', () => {
  it('deletes exactly the archives (and markers) past the cut-off and nothing newer', async () => {
    const cutoff = NOW - 30 * DAY; // 2026-05-16T12:30Z
    const expired = [
      await seed(Date.UTC(2026, 3, 1, 0, 0)),
      await seed(cutoff - HOUR),
      await seed(Date.UTC(2026, 4, 16, 11, 59, 59), 'key_a'),
    ];
    // 12:00–13:00 on the cut-off day still holds requests younger than 30 days: kept whole.
    const kept = [await seed(Date.UTC(2026, 4, 16, 12, 0)), await seed(cutoff + 1), await seed(NOW - HOUR), await seed(NOW, 'key_b')];
    const report = await runRetention(env.ARCHIVE, { now: NOW, retentionDays: 30 });
    expect(report).toMatchObject({ event: 'archive.retention', deleted: 3, complete: true, cutoff: new Date(cutoff).toISOString() });
    const remaining = await allKeys();
    for (const path of expired) expect(remaining).not.toContain(path);
    for (const path of kept) expect(remaining).toContain(path);
    // One marker per kept archive, none for the deleted ones.
    expect(remaining.filter((key) => key.startsWith('keys/'))).toHaveLength(kept.length);
    expect(report.oldestKept).toBe(kept[0]);
  });

  it('works in bounded batches that resume on the next run', async () => {
    const expired = await Promise.all(Array.from({ length: 25 }, (_, index) => seed(NOW - 40 * DAY + index * 1000)));
    const kept = await seed(NOW - DAY);
    const runs = [];
    for (let run = 0; run < 3; run++)
      runs.push(await runRetention(env.ARCHIVE, { now: NOW, retentionDays: 30, maxDeletes: 10, pageSize: 4 }));
    expect(runs.map((run) => [run.deleted, run.complete])).toEqual([
      [10, false],
      [10, false],
      [5, true],
    ]);
    const remaining = await allKeys();
    expect(remaining.filter((key) => expired.includes(key))).toEqual([]);
    expect(remaining).toContain(kept);
  });

  it('runs from scheduled() with the configured retention and logs one structured line', async () => {
    const old = await seed(NOW - 8 * DAY);
    const young = await seed(NOW - 6 * DAY);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ctx = createExecutionContext();
    const testEnv = envWith({ SWITCHBOARD_CONFIG: JSON.stringify({ archive: { retentionDays: 7 } }) });
    await handlers.scheduled(createScheduledController({ scheduledTime: NOW, cron: '17 * * * *' }), testEnv, ctx);
    await waitOnExecutionContext(ctx);
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    log.mockRestore();
    expect(lines.filter((line) => line.event === 'archive.retention')).toEqual([
      expect.objectContaining({ level: 'info', retentionDays: 7, deleted: 1, complete: true }),
    ]);
    const remaining = await allKeys();
    expect(remaining).not.toContain(old);
    expect(remaining).toContain(young);
  });

  it('deletes batch objects whole, beside older single-request archives, and keeps younger batches', async () => {
    const oldBatch = batchPath(KEY, newRequestId(NOW - 40 * DAY)) ?? '';
    const oldSingle = await seed(NOW - 40 * DAY + 1);
    const youngBatch = batchPath(KEY, newRequestId(NOW - DAY)) ?? '';
    for (const path of [oldBatch, youngBatch]) await env.ARCHIVE.put(path, 'frames');
    const report = await runRetention(env.ARCHIVE, { now: NOW, retentionDays: 30 });
    expect(report).toMatchObject({ deleted: 2, markersDeleted: 1, complete: true, oldestKept: youngBatch });
    const remaining = await allKeys();
    expect(remaining).not.toContain(oldBatch);
    expect(remaining).not.toContain(oldSingle);
    expect(remaining).toContain(youngBatch);
  });

  it('prunes archive index rows past retention in the ledger alarm, keeping younger ones', async () => {
    const keyId = `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const now = Date.now();
    const retentionDays = getConfig(env).archive.retentionDays;
    const entry = (at: number) => {
      const requestId = newRequestId(at);
      return { requestId, receivedAt: at, object: batchPath(keyId, requestId) ?? '', offset: 0, length: 10, summary: { requestId } };
    };
    const old = entry(now - (retentionDays + 2) * DAY);
    const young = entry(now - DAY);
    const ledger = ledgerFor(env, keyId);
    await ledger.indexArchive([old, young]);
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    expect(await ledger.archiveEntry(old.requestId)).toBeNull();
    expect(await ledger.archiveEntry(young.requestId)).toMatchObject({ object: young.object });
  });
});
