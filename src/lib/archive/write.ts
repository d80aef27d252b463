/**
 * After-response step: write the captured exchange to R2 as gzip (optionally AES-256-GCM),
 * then the key's index marker. Only requests that reached a provider are archived. When
 * encryption is required but no SWITCHBOARD_ARCHIVE_KEY is set, nothing is written (fail
 * closed): an operator who asked for encrypted archives never gets plaintext ones.
 */
import type { AfterResponseContext } from '../pipeline/after-response-context';
import { nextTurn } from '../pipeline/next-turn';
import type { RequestRecord } from '../pipeline/request-record';
import type { ExchangeCapture } from './capture';
import { archiveKey, ENCRYPTION_ALGORITHM, encrypt, gzip } from './codec';
import { archivePath, markerPath } from './paths';
import { buildArchiveRecord } from './record';

/** How long the archive waits for the client to finish reading before writing what it has. */
export const CLIENT_SETTLE_TIMEOUT_MS = 15_000;

/** Summary kept as R2 custom metadata on the object and its marker, so listings need no reads. */
export function archiveSummary(record: RequestRecord, capture: ExchangeCapture): Record<string, string> {
  return {
    requestId: record.requestId,
    receivedAt: String(record.receivedAt),
    provider: record.provider ?? record.attempts.at(-1)?.provider ?? '',
    model: record.model ?? record.attempts.at(-1)?.model ?? record.requestedModel,
    status: String(record.status),
    stream: String(record.stream),
    attempts: String(record.attempts.length),
    redacted: String(capture.redactContent),
    truncated: String(capture.truncated),
  };
}

export async function archiveExchange({ env, record }: AfterResponseContext): Promise<void> {
  const capture = record.exchange;
  if (!capture || record.attempts.length === 0) return;
  const path = archivePath(record.keyId, record.requestId);
  if (!path) return;
  await capture.clientSettled(CLIENT_SETTLE_TIMEOUT_MS);
  // Settled by the client tap while the response is still on its way out: let it go first.
  await nextTurn();
  let bytes = await gzip(JSON.stringify(buildArchiveRecord(record, capture)));
  const metadata = archiveSummary(record, capture);
  if (capture.encrypt) {
    const secret = env.SWITCHBOARD_ARCHIVE_KEY;
    if (!secret) throw new Error('Archive encryption is required but SWITCHBOARD_ARCHIVE_KEY is not set; the archive was not written.');
    bytes = await encrypt(bytes, await archiveKey(secret), path);
    metadata.encryption = ENCRYPTION_ALGORITHM;
  }
  await env.ARCHIVE.put(path, bytes, { httpMetadata: { contentType: 'application/gzip' }, customMetadata: metadata });
  await env.ARCHIVE.put(markerPath(record.keyId, record.requestId), null, { customMetadata: metadata });
}
