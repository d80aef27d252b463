/**
 * Writing one request's archive as its own object (`YYYY/MM/DD/HH/<key-id>/<request-id>.json.gz`):
 * gzip, optionally AES-256-GCM with the path as additional data. Since batching, this runs only
 * for a record too large to ride in its queue message (attachment.ts); the consumer writes every
 * other record into a batch object (batch-writer.ts). Objects written before batching, with their
 * `keys/` markers, stay readable (read.ts) until retention deletes them.
 */
import type { RequestRecord } from '../pipeline/request-record';
import type { ExchangeCapture } from './capture';
import { archiveKey, ENCRYPTION_ALGORITHM, encrypt, gzip } from './codec';

/** R2 custom metadata is small (2 KiB in all): an error message is cut to this. */
const MAX_ERROR_MESSAGE = 300;

/** The error, for the log listing; the message only when the gateway wrote it (a refusal), never a provider's words. */
function errorSummary(record: RequestRecord): Record<string, string> {
  if (!record.error) return {};
  const summary: Record<string, string> = { errorCode: record.error.code ?? record.error.kind };
  if (record.rejected) summary.errorMessage = record.error.message.slice(0, MAX_ERROR_MESSAGE);
  return summary;
}

/** Summary kept with every record (index row, R2 custom metadata), so listings need no reads. */
export function archiveSummary(record: RequestRecord, capture: ExchangeCapture): Record<string, string> {
  const summary: Record<string, string> = {
    requestId: record.requestId,
    receivedAt: String(record.receivedAt),
    provider: record.provider ?? record.attempts.at(-1)?.provider ?? '',
    model: record.model ?? record.attempts.at(-1)?.model ?? record.requestedModel,
    status: String(record.status),
    stream: String(record.stream),
    attempts: String(record.attempts.length),
    redacted: String(capture.redactContent),
    truncated: String(capture.truncated),
    ...errorSummary(record),
  };
  if (capture.encrypt) summary.encryption = ENCRYPTION_ALGORITHM;
  return summary;
}

/** The archive key when the summary asks for encryption; throws (writing nothing) when the secret is missing. */
export async function sealingKey(env: Env, summary: Record<string, string>): Promise<CryptoKey | undefined> {
  if (!summary.encryption) return undefined;
  const secret = env.SWITCHBOARD_ARCHIVE_KEY;
  if (!secret) throw new Error('Archive encryption is required but SWITCHBOARD_ARCHIVE_KEY is not set; the archive was not written.');
  return archiveKey(secret);
}

/** One record as its own object at `path` (format of docs/storage-schema.md, "single-request objects"). */
export async function writeSingleObject(env: Env, path: string, json: string, summary: Record<string, string>): Promise<void> {
  const key = await sealingKey(env, summary);
  let bytes = await gzip(json);
  if (key) bytes = await encrypt(bytes, key, path);
  await env.ARCHIVE.put(path, bytes, { httpMetadata: { contentType: 'application/gzip' }, customMetadata: summary });
}
