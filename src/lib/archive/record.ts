/**
 * The archived document of one request (format version 1, documented in
 * docs/storage-schema.md): the request record's facts plus the captured raw exchange.
 * It holds no credentials: provider headers are allow-listed, the provider key is scrubbed
 * from bodies and URLs, and the caller's own headers are not archived except allow-listed ones.
 */
import type { RequestRecord } from '../pipeline/request-record';
import type { CapturedAttempt, CapturedClient, ExchangeCapture } from './capture';
import type { CapturedChunk, CapturedText, ChunkLog } from './chunk-log';
import { recordTimings } from './record-timings';

export const ARCHIVE_FORMAT_VERSION = 1;

interface ArchivedStream {
  chunkCount: number;
  bytes: number;
  firstChunkAt: number | null;
  lastChunkAt: number | null;
  chunks: CapturedChunk[];
}

export interface ArchiveRecord {
  version: typeof ARCHIVE_FORMAT_VERSION;
  requestId: string;
  keyId: string;
  surface: string;
  endpoint: string;
  requestedModel: string;
  stream: boolean;
  provider: string | null;
  model: string | null;
  status: number;
  finishReason: string | null;
  /** `message` only for a request the gateway refused itself (its own words, never a provider's). */
  error: { kind: string; code: string | null; message?: string } | null;
  /** Refused by the gateway before any provider call. */
  rejected?: boolean;
  cancelled: boolean;
  cache: string;
  usage: RequestRecord['usage'] | null;
  tags: Record<string, string> | null;
  /** Request fields dropped on the way to the provider, by path (docs/fidelity.md). */
  droppedParams?: string[];
  /** Content (bodies, chunk data) was left out by policy: sizes and timings only. */
  redacted: boolean;
  /** The capture cap was reached: some bodies or chunks are cut short or missing. */
  truncated: boolean;
  timings: { receivedAt: number; firstByteAt: number | null; lastByteAt: number | null; endedAt: number | null };
  attempts: (RequestRecord['attempts'][number] & { request?: unknown; response?: unknown })[];
  inbound: CapturedText | null;
  client: {
    status: number;
    headers: Record<string, string>;
    completed: boolean;
    cancelled: boolean;
    stream: ArchivedStream;
  } | null;
}

function stream(log: ChunkLog): ArchivedStream {
  return {
    chunkCount: log.count,
    bytes: log.bytes,
    firstChunkAt: log.firstAt ?? null,
    lastChunkAt: log.lastAt ?? null,
    chunks: log.chunks,
  };
}

function attemptExchange(captured: CapturedAttempt | undefined) {
  if (!captured) return {};
  const response = captured.response;
  return {
    request: { sentAt: captured.sentAt, url: captured.url, headers: captured.headers, body: captured.body },
    response: response
      ? {
          status: response.status,
          at: response.at,
          headers: response.headers,
          ...(response.body ? { body: response.body } : {}),
          ...(response.stream ? { stream: stream(response.stream) } : {}),
        }
      : null,
  };
}

function client(captured: CapturedClient | undefined): ArchiveRecord['client'] {
  if (!captured) return null;
  const { status, headers, completed, cancelled, log } = captured;
  return { status, headers, completed, cancelled, stream: stream(log) };
}

export function buildArchiveRecord(record: RequestRecord, capture: ExchangeCapture): ArchiveRecord {
  const archivedClient = client(capture.client);
  return {
    version: ARCHIVE_FORMAT_VERSION,
    requestId: record.requestId,
    keyId: record.keyId,
    surface: record.surface,
    endpoint: record.endpoint,
    requestedModel: record.requestedModel,
    stream: record.stream,
    provider: record.provider ?? null,
    model: record.model ?? null,
    status: record.status,
    finishReason: record.finishReason ?? null,
    error: record.error
      ? { kind: record.error.kind, code: record.error.code, ...(record.rejected ? { message: record.error.message } : {}) }
      : null,
    ...(record.rejected ? { rejected: true } : {}),
    cancelled: record.cancelled === true || capture.client?.cancelled === true,
    cache: record.cache,
    usage: record.usage ?? null,
    tags: record.tags ?? null,
    ...(record.droppedParams?.length ? { droppedParams: record.droppedParams } : {}),
    redacted: capture.redactContent,
    truncated: capture.truncated,
    timings: recordTimings(record.receivedAt, record, archivedClient?.stream),
    // Attempts and captured exchanges are appended in the same order, one per provider call.
    attempts: record.attempts.map((attempt, index) => ({ ...attempt, ...attemptExchange(capture.attempts[index]) })),
    inbound: capture.inbound ?? null,
    client: archivedClient,
  };
}
