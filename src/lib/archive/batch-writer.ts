/**
 * Queue consumer step: write the archive records of one key's messages as batch objects, one per
 * UTC hour of arrival (rotated past `ARCHIVE_BATCH_OBJECT_MAX_BYTES`), then index every record in
 * the key's UsageLedger (archive-index.ts) with one call. Records written directly as their own
 * object (too large for a message) are only indexed. Idempotent: a redelivered message writes
 * its record again and its index row moves to the new copy; the old copy is left to retention.
 */
import { requestIdTime } from '../http/request-context';
import type { ConsumerStep } from '../usage/consumer-step';
import { ledgerFor } from '../usage/ledger-schema';
import type { ArchiveIndexEntry } from './archive-index';
import { archiveAttachmentSchema } from './attachment';
import { concatFrames, encodeFrame } from './batch-frames';
import { batchPath, hourPrefix } from './paths';
import { sealingKey } from './write';

/** A batch object is cut once its frames reach this size (a queue batch rarely does). */
export const ARCHIVE_BATCH_OBJECT_MAX_BYTES = 8 * 1024 * 1024;

interface PendingRecord {
  requestId: string;
  receivedAt: number;
  json: string;
  summary: Record<string, string>;
}

/** Encode records into frames and write them as objects of at most the maximum size. */
async function writeBatchObjects(env: Env, keyId: string, records: PendingRecord[]): Promise<ArchiveIndexEntry[]> {
  const entries: ArchiveIndexEntry[] = [];
  let index = 0;
  while (index < records.length) {
    const first = records[index] as PendingRecord;
    const path = batchPath(keyId, first.requestId);
    if (!path) throw new Error(`not a gateway request id: ${first.requestId}`);
    const frames: Uint8Array[] = [];
    const members: PendingRecord[] = [];
    let bytes = 0;
    while (index < records.length && (frames.length === 0 || bytes < ARCHIVE_BATCH_OBJECT_MAX_BYTES)) {
      const record = records[index++] as PendingRecord;
      const key = await sealingKey(env, record.summary);
      const frame = await encodeFrame(record.json, record.requestId, key ? { key, objectPath: path } : undefined);
      frames.push(frame);
      members.push(record);
      bytes += frame.byteLength;
    }
    const { body, ranges } = concatFrames(frames);
    await env.ARCHIVE.put(path, body, {
      httpMetadata: { contentType: 'application/gzip' },
      customMetadata: { format: 'jsonl-gzip-frames', records: String(members.length), keyId },
    });
    members.forEach((record, at) => {
      const range = ranges[at] as { offset: number; length: number };
      entries.push({ requestId: record.requestId, receivedAt: record.receivedAt, object: path, ...range, summary: record.summary });
    });
  }
  return entries;
}

export const archiveGroup: ConsumerStep = async (env, { keyId, archives }) => {
  const byHour = new Map<string, PendingRecord[]>();
  const entries: ArchiveIndexEntry[] = [];
  archives.forEach(({ body, ...event }) => {
    const raw = (body as { archive?: unknown } | null)?.archive;
    if (raw === undefined) return;
    const parsed = archiveAttachmentSchema.safeParse(raw);
    if (!parsed.success) {
      console.error(JSON.stringify({ level: 'error', event: 'archive.malformed', requestId: event.requestId }));
      return;
    }
    const { json, object, summary } = parsed.data;
    if (object !== undefined) {
      entries.push({ requestId: event.requestId, receivedAt: event.at, object, offset: null, length: null, summary });
    } else if (json !== undefined) {
      // The hour of the request id, as the object path (batchPath) and retention read it.
      const hour = hourPrefix(requestIdTime(event.requestId) ?? event.at);
      const records = byHour.get(hour) ?? [];
      records.push({ requestId: event.requestId, receivedAt: event.at, json, summary });
      byHour.set(hour, records);
    }
  });
  for (const records of byHour.values()) {
    records.sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
    entries.push(...(await writeBatchObjects(env, keyId, records)));
  }
  if (entries.length > 0) await ledgerFor(env, keyId).indexArchive(entries);
};
