/**
 * The per-key usage ledger's storage (the Durable Object is usage-ledger.ts) (one object per gateway key, named `key:<key-id>`), fed by the usage
 * queue consumer, never on the request path. SQLite tables (docs/storage-schema.md):
 *
 * - `usage_daily`: aggregates per UTC day × provider × model.
 * - `usage_latency`: log-scale histograms of latency and time to first token per day ×
 *   provider × model, updated with the aggregates, for percentiles.
 * - `usage_hourly`, `usage_latency_hourly`: the same per UTC hour, kept 8 days, for short-range
 *   charts (lib/usage/hourly-ledger.ts).
 * - `usage_seen`: request ids already applied. An event is applied only if its id is new,
 *   in the same transaction as the aggregate update, so a redelivered batch never
 *   double-counts. Rows are pruned by a daily alarm once older than the dedupe window.
 *
 * - `archive_index`: where each archived request of the key lives (lib/archive/archive-index.ts),
 *   written by the consumer's archive step, read by `GET /v1/logs`, pruned by the same alarm.
 *
 * The object named `directory` only keeps `ledger_keys`, the key ids that have usage, so
 * an admin can ask for every key's usage without a global object on any hot path, and
 * `usage_dead_letters`, the count of events the consumer could not store.
 */
import {
  ARCHIVE_INDEX_SCHEMA,
  type ArchiveIndexEntry,
  findEntry,
  listEntries,
  pruneEntries,
  upsertEntries,
} from '../lib/archive/archive-index';
import { getConfig } from '../lib/config';
import type { UsageEvent } from '../lib/usage/event';
import { HOURLY_SCHEMA, hourlyLatencies, hourlyRows, pruneHourly, recordHourly } from '../lib/usage/hourly-ledger';
import type { LatencyBucketRow } from '../lib/usage/latency-histogram';
import { DEDUPE_WINDOW_MS, type DeadLetter, LEDGER_SCHEMA, type LedgerRow, utcDay } from '../lib/usage/ledger-schema';
import { addToLedger, DAILY } from '../lib/usage/ledger-upsert';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RecordResult {
  applied: number;
  duplicates: number;
  /** Events older than the dedupe window: refused, since their id may already be pruned. */
  stale: number;
}

/** The UsageLedger object's implementation (usage-ledger.ts loads it when the object starts). */
export class UsageLedgerStore {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  #sql: SqlStorage;

  /** Runs inside the object's blockConcurrencyWhile: the tables exist before any call. */
  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
    this.#sql = ctx.storage.sql;
    for (const statement of [...LEDGER_SCHEMA, ...ARCHIVE_INDEX_SCHEMA, ...HOURLY_SCHEMA]) this.#sql.exec(statement);
  }

  /** Apply a batch of one key's events, atomically and idempotently. */
  async record(events: UsageEvent[], now: number = Date.now()): Promise<RecordResult> {
    const result: RecordResult = { applied: 0, duplicates: 0, stale: 0 };
    this.ctx.storage.transactionSync(() => {
      for (const event of events) {
        if (event.at < now - DEDUPE_WINDOW_MS) {
          result.stale++;
          continue;
        }
        const inserted = this.#sql
          .exec(
            'INSERT INTO usage_seen (request_id, seen_at, deliveries) VALUES (?, ?, 1) ON CONFLICT DO NOTHING RETURNING request_id',
            event.requestId,
            now,
          )
          .toArray();
        if (inserted.length === 0) {
          this.#sql.exec('UPDATE usage_seen SET deliveries = deliveries + 1 WHERE request_id = ?', event.requestId);
          result.duplicates++;
          continue;
        }
        this.#apply(event);
        result.applied++;
      }
    });
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + DAY_MS);
    return result;
  }

  #apply(event: UsageEvent): void {
    addToLedger(this.#sql, DAILY, utcDay(event.at), event);
    recordHourly(this.#sql, event);
  }

  /** Aggregate rows for days `from`..`to` (inclusive, `YYYY-MM-DD`). */
  async rows(from: string, to: string): Promise<LedgerRow[]> {
    return this.#sql
      .exec<LedgerRow>('SELECT * FROM usage_daily WHERE day BETWEEN ? AND ? ORDER BY day, provider, model', from, to)
      .toArray();
  }

  /** Latency histogram cells for days `from`..`to` (inclusive). */
  async latencies(from: string, to: string): Promise<LatencyBucketRow[]> {
    return this.#sql
      .exec<LatencyBucketRow>('SELECT day, provider, model, metric, bucket, count FROM usage_latency WHERE day BETWEEN ? AND ?', from, to)
      .toArray();
  }

  /** Hourly aggregate rows for the hours of days `from`..`to` (the hour in `day`). */
  async hourlyRows(from: string, to: string): Promise<LedgerRow[]> {
    return hourlyRows(this.#sql, from, to);
  }

  /** Hourly latency histogram cells for days `from`..`to` (the hour in `day`). */
  async hourlyLatencies(from: string, to: string): Promise<LatencyBucketRow[]> {
    return hourlyLatencies(this.#sql, from, to);
  }

  /** Spend in USD since a day (inclusive): what a key's budget is charged from. */
  async spendSince(day: string): Promise<number> {
    const row = this.#sql.exec<{ total: number | null }>('SELECT SUM(cost_nano_usd) AS total FROM usage_daily WHERE day >= ?', day).one();
    return (row.total ?? 0) / 1e9;
  }

  /** How many times each request id was delivered (absent: never); for operators and tests. */
  async deliveries(requestIds: string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const id of requestIds) {
      const row = this.#sql.exec<{ deliveries: number }>('SELECT deliveries FROM usage_seen WHERE request_id = ?', id).toArray()[0];
      if (row) out[id] = row.deliveries;
    }
    return out;
  }

  /** Prune dedupe rows past the window and archive index rows past retention; keep the alarm while any remain. */
  async alarm(): Promise<void> {
    const now = Date.now();
    this.#sql.exec('DELETE FROM usage_seen WHERE seen_at < ?', now - DEDUPE_WINDOW_MS);
    pruneHourly(this.#sql, now);
    const remaining = this.#sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM usage_seen').one().n;
    // One hour more than the retention cron's cutoff (it deletes whole hour partitions).
    const indexed = pruneEntries(this.#sql, now - getConfig(this.env).archive.retentionDays * DAY_MS - HOUR_MS);
    if (remaining + indexed > 0) await this.ctx.storage.setAlarm(now + DAY_MS);
  }

  /** Archive index role (lib/archive/archive-index.ts): the consumer records where records were written. */
  async indexArchive(entries: ArchiveIndexEntry[]): Promise<void> {
    this.ctx.storage.transactionSync(() => upsertEntries(this.#sql, entries));
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + DAY_MS);
  }

  async archiveEntry(requestId: string): Promise<ArchiveIndexEntry | null> {
    return findEntry(this.#sql, requestId) ?? null;
  }

  async archiveEntries(after: string, before: string, limit: number): Promise<ArchiveIndexEntry[]> {
    return listEntries(this.#sql, after, before, limit);
  }

  /** Directory role: remember key ids that have usage. */
  async addKeys(keyIds: string[]): Promise<void> {
    for (const id of keyIds) this.#sql.exec('INSERT INTO ledger_keys (key_id) VALUES (?) ON CONFLICT DO NOTHING', id);
  }

  /** Directory role: count usage events that could not be stored (see usage/consumer.ts). */
  async noteDeadLetters(letters: DeadLetter[]): Promise<void> {
    for (const letter of letters) {
      this.#sql.exec(
        `INSERT INTO usage_dead_letters (day, key_id, reason, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (day, key_id, reason) DO UPDATE SET count = count + 1`,
        letter.day,
        letter.keyId,
        letter.reason,
      );
    }
  }

  /** Directory role: events not stored for days `from`..`to`, of one key (null: all, unknown keys included). */
  async deadLetters(from: string, to: string, keyId: string | null): Promise<number> {
    const row =
      keyId === null
        ? this.#sql
            .exec<{ total: number | null }>('SELECT SUM(count) AS total FROM usage_dead_letters WHERE day BETWEEN ? AND ?', from, to)
            .one()
        : this.#sql
            .exec<{ total: number | null }>(
              'SELECT SUM(count) AS total FROM usage_dead_letters WHERE day BETWEEN ? AND ? AND key_id = ?',
              from,
              to,
              keyId,
            )
            .one();
    return row.total ?? 0;
  }

  async keys(): Promise<string[]> {
    return this.#sql
      .exec<{ key_id: string }>('SELECT key_id FROM ledger_keys ORDER BY key_id')
      .toArray()
      .map((row) => row.key_id);
  }
}
