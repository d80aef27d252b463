/**
 * Per-key usage ledger (one object per gateway key, named `key:<key-id>`, and one named
 * `directory`), fed by the usage queue consumer, never on the request path. Its storage and
 * every method's work are in usage-ledger-store.ts (tables: docs/storage-schema.md), loaded
 * when the object starts: this class only forwards, so that the Worker's entry, which must
 * export it, does not carry the ledger's code (issue 15).
 */
import { DurableObject } from 'cloudflare:workers';
import type { ArchiveIndexEntry } from '../lib/archive/archive-index';
import type { UsageEvent } from '../lib/usage/event';
import type { LatencyBucketRow } from '../lib/usage/latency-histogram';
import type { DeadLetter, LedgerRow } from '../lib/usage/ledger-schema';
import type { RecordResult, UsageLedgerStore } from './usage-ledger-store';

export type { RecordResult } from './usage-ledger-store';

export class UsageLedger extends DurableObject<Env> {
  #store!: UsageLedgerStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const { UsageLedgerStore } = await import('./stores');
      this.#store = new UsageLedgerStore(ctx, env);
    });
  }

  /** Apply a batch of one key's events, atomically and idempotently. */
  record(events: UsageEvent[], now?: number): Promise<RecordResult> {
    return this.#store.record(events, now);
  }

  /** Aggregate rows for days `from`..`to` (inclusive, `YYYY-MM-DD`). */
  rows(from: string, to: string): Promise<LedgerRow[]> {
    return this.#store.rows(from, to);
  }

  /** Latency histogram cells for days `from`..`to` (inclusive). */
  latencies(from: string, to: string): Promise<LatencyBucketRow[]> {
    return this.#store.latencies(from, to);
  }

  hourlyRows(from: string, to: string): Promise<LedgerRow[]> {
    return this.#store.hourlyRows(from, to);
  }

  hourlyLatencies(from: string, to: string): Promise<LatencyBucketRow[]> {
    return this.#store.hourlyLatencies(from, to);
  }

  /** Spend in USD since a day (inclusive). */
  spendSince(day: string): Promise<number> {
    return this.#store.spendSince(day);
  }

  /** How many times each request id was delivered (absent: never); for operators and tests. */
  deliveries(requestIds: string[]): Promise<Record<string, number>> {
    return this.#store.deliveries(requestIds);
  }

  override alarm(): Promise<void> {
    return this.#store.alarm();
  }

  indexArchive(entries: ArchiveIndexEntry[]): Promise<void> {
    return this.#store.indexArchive(entries);
  }

  archiveEntry(requestId: string): Promise<ArchiveIndexEntry | null> {
    return this.#store.archiveEntry(requestId);
  }

  archiveEntries(after: string, before: string, limit: number): Promise<ArchiveIndexEntry[]> {
    return this.#store.archiveEntries(after, before, limit);
  }

  addKeys(keyIds: string[]): Promise<void> {
    return this.#store.addKeys(keyIds);
  }

  noteDeadLetters(letters: DeadLetter[]): Promise<void> {
    return this.#store.noteDeadLetters(letters);
  }

  deadLetters(from: string, to: string, keyId: string | null): Promise<number> {
    return this.#store.deadLetters(from, to, keyId);
  }

  keys(): Promise<string[]> {
    return this.#store.keys();
  }
}
