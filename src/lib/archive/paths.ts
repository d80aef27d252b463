/**
 * Where archives live in the ARCHIVE bucket (see docs/storage-schema.md):
 *
 *   YYYY/MM/DD/HH/<key-id>/batch-<first-request-id>-<random>.jsonl.gz
 *                                                  a batch of archived exchanges (queue consumer)
 *   YYYY/MM/DD/HH/<key-id>/<request-id>.json.gz   one archived exchange: too large for a queue
 *                                                  message, or written before batching
 *   keys/<key-id>/<request-id>                     an empty per-key index marker (before batching)
 *
 * Date first makes retention a walk over the oldest prefixes; the marker lets a key list its
 * logs for any date range with one paginated listing (request ids sort by time), instead of
 * one listing per hour. Both paths derive from the key id and the request id alone, so a key
 * can only ever address its own objects.
 */
import { requestIdTime } from '../http/request-context';

export const MARKER_PREFIX = 'keys/';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYY/MM/DD/HH/` of an instant (UTC). */
export function hourPrefix(at: number): string {
  const date = new Date(at);
  return `${pad(date.getUTCFullYear(), 4)}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${pad(date.getUTCHours())}/`;
}

/** The archive object of a request; undefined when the id carries no time (not one of ours). */
export function archivePath(keyId: string, requestId: string): string | undefined {
  const at = requestIdTime(requestId);
  return at === undefined ? undefined : `${hourPrefix(at)}${keyId}/${requestId}.json.gz`;
}

export function markerPrefix(keyId: string): string {
  return `${MARKER_PREFIX}${keyId}/`;
}

export function markerPath(keyId: string, requestId: string): string {
  return `${markerPrefix(keyId)}${requestId}`;
}

/** The smallest request id at or after an instant: a listing bound for markers. */
export function requestIdFloor(at: number): string {
  return `req_${Math.max(0, at).toString(16).padStart(12, '0')}`;
}

/** A batch object of one key and hour: named after its first request id, plus a random suffix. */
export function batchPath(keyId: string, firstRequestId: string): string | undefined {
  const at = requestIdTime(firstRequestId);
  if (at === undefined) return undefined;
  const suffix = crypto.getRandomValues(new Uint8Array(4)).reduce((hex, byte) => hex + byte.toString(16).padStart(2, '0'), '');
  return `${hourPrefix(at)}${keyId}/batch-${firstRequestId}-${suffix}.jsonl.gz`;
}

const ARCHIVE_PATH = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/([^/]+)\/([^/]+)\.(json|jsonl)\.gz$/;

export interface ParsedArchivePath {
  /** Start of the hour partition, ms since epoch. */
  hourStart: number;
  keyId: string;
  /** The request of a single-request object; undefined for a batch object. */
  requestId: string | undefined;
}

export function parseArchivePath(path: string): ParsedArchivePath | undefined {
  const match = ARCHIVE_PATH.exec(path);
  if (!match) return undefined;
  const [, year, month, day, hour, keyId, name, extension] = match;
  const hourStart = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour));
  if (!keyId || !name || Number.isNaN(hourStart)) return undefined;
  const batch = extension === 'jsonl';
  if (batch !== name.startsWith('batch-')) return undefined;
  return { hourStart, keyId, requestId: batch ? undefined : name };
}
