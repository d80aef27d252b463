/**
 * Reading archives back for `GET /v1/logs`: the key's archive index (in its UsageLedger) and,
 * for archives written before batching, its R2 index markers, merged in request id (arrival)
 * order; and one archive decoded (decrypted when it was encrypted): one index lookup, then one
 * ranged read of its frame in a batch object, or the whole single-request object. Index rows and
 * paths come from the caller's own key, so another key's archive cannot even be addressed.
 */
import { GatewayError } from '../http/errors';
import { ledgerFor } from '../usage/ledger-schema';
import type { ArchiveIndexEntry } from './archive-index';
import { decodeFrame } from './batch-frames';
import { archiveKey, decrypt, gunzip } from './codec';
import { archivePath, markerPrefix, requestIdFloor } from './paths';
import type { ArchiveRecord } from './record';

export interface LogSummary {
  request_id: string;
  received_at: string;
  provider: string | null;
  model: string | null;
  status: number;
  stream: boolean;
  attempts: number;
  encrypted: boolean;
  redacted: boolean;
  truncated: boolean;
  /** Why the request failed: status, code, and the message when the gateway refused it itself. */
  error: { status: number; code: string; message: string | null } | null;
}

export interface LogListing {
  object: 'list';
  data: LogSummary[];
  has_more: boolean;
  /** Pass as `cursor` to continue after the last entry. */
  next_cursor: string | null;
}

export interface LogListOptions {
  from: number;
  to: number;
  limit: number;
  /** The last request id of the previous page. */
  cursor?: string | undefined;
}

function summary(requestId: string, metadata: Record<string, string>): LogSummary {
  return {
    request_id: requestId,
    received_at: new Date(Number(metadata.receivedAt ?? 0)).toISOString(),
    provider: metadata.provider || null,
    model: metadata.model || null,
    status: Number(metadata.status ?? 0),
    stream: metadata.stream === 'true',
    attempts: Number(metadata.attempts ?? 0),
    encrypted: metadata.encryption !== undefined,
    redacted: metadata.redacted === 'true',
    truncated: metadata.truncated === 'true',
    error: metadata.errorCode
      ? { status: Number(metadata.status ?? 0), code: metadata.errorCode, message: metadata.errorMessage ?? null }
      : null,
  };
}

/** R2 lists at most 1000 objects per call. */
const R2_LIST_MAX = 1000;

/** The listing of archives written before batching (one R2 marker each). */
async function listMarkerLogs(bucket: R2Bucket, keyId: string, options: LogListOptions): Promise<LogListing> {
  const prefix = markerPrefix(keyId);
  // `req_<time>` sorts just before every id of that millisecond, and ids sort by time.
  const upper = requestIdFloor(options.to + 1);
  const data: LogSummary[] = [];
  let startAfter = `${prefix}${options.cursor ?? requestIdFloor(options.from)}`;
  for (;;) {
    // One more than the page needs tells whether there is more, within R2's per-call maximum.
    const limit = Math.min(R2_LIST_MAX, options.limit + 1 - data.length);
    const listing = await bucket.list({ prefix, startAfter, limit, include: ['customMetadata'] });
    for (const object of listing.objects) {
      const requestId = object.key.slice(prefix.length);
      if (requestId >= upper) return { object: 'list', data, has_more: false, next_cursor: null };
      if (data.length === options.limit) return { object: 'list', data, has_more: true, next_cursor: data.at(-1)?.request_id ?? null };
      data.push(summary(requestId, object.customMetadata ?? {}));
      startAfter = object.key;
    }
    if (!listing.truncated || listing.objects.length === 0) return { object: 'list', data, has_more: false, next_cursor: null };
  }
}

/** The key's archives in arrival order: the index and the older markers, merged. */
export async function listLogs(env: Env, keyId: string, options: LogListOptions): Promise<LogListing> {
  const after = options.cursor ?? requestIdFloor(options.from);
  const [indexed, older] = await Promise.all([
    ledgerFor(env, keyId).archiveEntries(after, requestIdFloor(options.to + 1), options.limit + 1),
    listMarkerLogs(env.ARCHIVE, keyId, options),
  ]);
  const merged = new Map<string, LogSummary>(older.data.map((entry) => [entry.request_id, entry]));
  for (const entry of indexed) merged.set(entry.requestId, summary(entry.requestId, entry.summary));
  const sorted = [...merged.values()].sort((a, b) => (a.request_id < b.request_id ? -1 : a.request_id > b.request_id ? 1 : 0));
  const has_more = older.has_more || sorted.length > options.limit;
  const data = sorted.slice(0, options.limit);
  return { object: 'list', data, has_more, next_cursor: has_more ? (data.at(-1)?.request_id ?? null) : null };
}

const notFound = () => new GatewayError('not_found', 'No archived request with that id for this key.', { code: 'log_not_found' });

function keyFor(env: Env): Promise<CryptoKey> {
  const secret = env.SWITCHBOARD_ARCHIVE_KEY;
  if (!secret)
    throw new GatewayError('internal', 'This archive is encrypted and the gateway has no archive key configured.', {
      code: 'archive_key_missing',
    });
  return archiveKey(secret);
}

async function opened<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch {
    throw new GatewayError('internal', 'This archive could not be decrypted with the configured archive key.', {
      code: 'archive_undecryptable',
    });
  }
}

/** A record's frame inside a batch object: one ranged read. */
async function readFrame(env: Env, entry: ArchiveIndexEntry & { offset: number; length: number }): Promise<ArchiveRecord> {
  const object = await env.ARCHIVE.get(entry.object, { range: { offset: entry.offset, length: entry.length } });
  if (!object) throw notFound();
  const bytes = new Uint8Array(await object.arrayBuffer());
  const key = entry.summary.encryption ? await keyFor(env) : undefined;
  const open = () => decodeFrame(bytes, entry.requestId, key ? { key, objectPath: entry.object } : undefined);
  return JSON.parse(key ? await opened(open) : await open()) as ArchiveRecord;
}

/** A single-request object (too large to batch, or written before batching). */
async function readSingleObject(env: Env, path: string): Promise<ArchiveRecord> {
  const object = await env.ARCHIVE.get(path);
  if (!object) throw notFound();
  let bytes: Uint8Array = new Uint8Array(await object.arrayBuffer());
  if (object.customMetadata?.encryption) {
    const key = await keyFor(env);
    bytes = await opened(() => decrypt(bytes, key, path));
  }
  return JSON.parse(await gunzip(bytes)) as ArchiveRecord;
}

export async function readLog(env: Env, keyId: string, requestId: string): Promise<ArchiveRecord> {
  const path = archivePath(keyId, requestId);
  if (!path) throw notFound();
  const entry = await ledgerFor(env, keyId).archiveEntry(requestId);
  if (entry && entry.offset !== null && entry.length !== null)
    return readFrame(env, { ...entry, offset: entry.offset, length: entry.length });
  return readSingleObject(env, entry?.object ?? path);
}
