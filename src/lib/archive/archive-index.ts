/**
 * The archive index: one row per archived request, in the key's UsageLedger SQLite (the object
 * the queue consumer already writes once per key and batch). It tells where a record lives —
 * a batch object with the frame's offset and length, or a single-request object — and carries
 * the listing summary, so `GET /v1/logs` is one query and `GET /v1/logs/:id` one lookup plus
 * one ranged R2 read. Rows are upserted by request id (a redelivered batch points the row at
 * its newest copy) and pruned with the same cutoff as the retention cron.
 */

export const ARCHIVE_INDEX_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS archive_index (
    request_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, object TEXT NOT NULL,
    offset INTEGER, length INTEGER, summary TEXT NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS archive_index_by_time ON archive_index (received_at)',
];

export interface ArchiveIndexEntry {
  requestId: string;
  /** Arrival, ms since epoch. */
  receivedAt: number;
  /** R2 path of the object holding the record. */
  object: string;
  /** The frame inside a batch object; null for a single-request object (read whole). */
  offset: number | null;
  length: number | null;
  /** The listing summary (archiveSummary: provider, model, status, … and `encryption` when sealed). */
  summary: Record<string, string>;
}

type Row = { request_id: string; received_at: number; object: string; offset: number | null; length: number | null; summary: string };

const toEntry = (row: Row): ArchiveIndexEntry => ({
  requestId: row.request_id,
  receivedAt: row.received_at,
  object: row.object,
  offset: row.offset,
  length: row.length,
  summary: JSON.parse(row.summary) as Record<string, string>,
});

export function upsertEntries(sql: SqlStorage, entries: ArchiveIndexEntry[]): void {
  for (const entry of entries) {
    sql.exec(
      `INSERT INTO archive_index (request_id, received_at, object, offset, length, summary) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (request_id) DO UPDATE SET object = excluded.object, offset = excluded.offset, length = excluded.length,
         summary = excluded.summary`,
      entry.requestId,
      entry.receivedAt,
      entry.object,
      entry.offset,
      entry.length,
      JSON.stringify(entry.summary),
    );
  }
}

export function findEntry(sql: SqlStorage, requestId: string): ArchiveIndexEntry | undefined {
  const row = sql.exec<Row>('SELECT * FROM archive_index WHERE request_id = ?', requestId).toArray()[0];
  return row ? toEntry(row) : undefined;
}

/** Entries with `after < request_id < before`, in request id (arrival) order. */
export function listEntries(sql: SqlStorage, after: string, before: string, limit: number): ArchiveIndexEntry[] {
  return sql
    .exec<Row>('SELECT * FROM archive_index WHERE request_id > ? AND request_id < ? ORDER BY request_id LIMIT ?', after, before, limit)
    .toArray()
    .map(toEntry);
}

/** Forget records that arrived before `cutoff` (their objects are past retention); returns how many remain. */
export function pruneEntries(sql: SqlStorage, cutoff: number): number {
  sql.exec('DELETE FROM archive_index WHERE received_at < ?', cutoff);
  return sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM archive_index').one().n;
}
