/**
 * After-response step: write the captured exchange to R2 as gzip (optionally AES-256-GCM),
 * then the key's index marker. Only requests that reached a provider, or that the gateway
 * refused itself (rejection.ts), are archived. When
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

/** R2 custom metadata is small (2 KiB in all): an error message is cut to this. */
const MAX_ERROR_MESSAGE = 300;

/** The error, for the log listing; the message only when the gateway wrote it (a refusal), never a provider's words. */
function errorSummary(record: RequestRecord): Record<string, string> {
  if (!record.error) return {};
  const summary: Record<string, string> = { errorCode: record.error.code ?? record.error.kind };
  if (record.rejected) summary.errorMessage = record.error.message.slice(0, MAX_ERROR_MESSAGE);
  return summary;
}

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
    ...errorSummary(record),
  };
}

export async function archiveExchange({ env, record }: AfterResponseContext): Promise<void> {
  const capture = record.exchange;
  // No provider call was sent (a refusal before or inside the first attempt): rejection.ts files it, once.
  if (!capture || (capture.attempts.length === 0 && !record.rejected)) return;
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
