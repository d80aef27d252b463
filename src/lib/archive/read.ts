/**
 * Reading archives back for `GET /v1/logs`: a key's index markers listed by time (request ids
 * sort by arrival), and one archive decoded (decrypted when it was encrypted). Every path is
 * built from the caller's own key id, so another key's archive cannot even be addressed.
 */
import { GatewayError } from '../http/errors';
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

export async function listLogs(bucket: R2Bucket, keyId: string, options: LogListOptions): Promise<LogListing> {
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

const notFound = () => new GatewayError('not_found', 'No archived request with that id for this key.', { code: 'log_not_found' });

export async function readLog(env: Env, keyId: string, requestId: string): Promise<ArchiveRecord> {
  const path = archivePath(keyId, requestId);
  if (!path) throw notFound();
  const object = await env.ARCHIVE.get(path);
  if (!object) throw notFound();
  let bytes: Uint8Array = new Uint8Array(await object.arrayBuffer());
  if (object.customMetadata?.encryption) {
    const secret = env.SWITCHBOARD_ARCHIVE_KEY;
    if (!secret)
      throw new GatewayError('internal', 'This archive is encrypted and the gateway has no archive key configured.', {
        code: 'archive_key_missing',
      });
    try {
      bytes = await decrypt(bytes, await archiveKey(secret), path);
    } catch {
      throw new GatewayError('internal', 'This archive could not be decrypted with the configured archive key.', {
        code: 'archive_undecryptable',
      });
    }
  }
  return JSON.parse(await gunzip(bytes)) as ArchiveRecord;
}
