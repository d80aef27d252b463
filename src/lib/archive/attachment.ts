/**
 * The archive's part of the request's one queue message. On the request's isolate the archive
 * only builds the record's JSON text: no gzip, no encryption, no R2 write. The text rides
 * inline in the usage message when it fits the queue's message limit; the consumer
 * (batch-writer.ts) compresses, seals and writes it into the key's batch object for the hour.
 * A record too large for a message is written directly as its own object (one R2 write), and
 * the message carries its path instead, so it is indexed like any other.
 */
import type { AfterResponseContext } from '../pipeline/after-response-context';
import { nextTurn } from '../pipeline/next-turn';
import * as z from '../zod';
import { archivePath } from './paths';
import { buildArchiveRecord } from './record';
import { archiveSummary, sealingKey, writeSingleObject } from './write';

/** How long the archive waits for the client to finish reading before archiving what it has. */
export const CLIENT_SETTLE_TIMEOUT_MS = 15_000;

/**
 * Largest record text carried inline. Cloudflare Queues refuse messages over 128 KB; the usage
 * event (a few KB at most, tags included) and JSON escaping of the text take the rest, so the
 * escaped text is kept under 96 KiB.
 */
export const ARCHIVE_INLINE_LIMIT_BYTES = 96 * 1024;

export const archiveAttachmentSchema = z.object({
  /** The archived document's JSON text (inline). */
  json: z.optional(z.string()),
  /** Or the path of a single-request object already written (too large to inline). */
  object: z.optional(z.string()),
  /** Listing summary (write.ts archiveSummary); `encryption` set when the policy seals it. */
  summary: z.record(z.string(), z.string()),
});
export type ArchiveAttachment = z.infer<typeof archiveAttachmentSchema>;

/** Bytes the text takes once JSON-escaped inside the message; exact only when it might not fit. */
function fitsInline(json: string): boolean {
  // UTF-8 takes at most 3 bytes per UTF-16 unit, escaping at most doubles ("…" → \"…\").
  if (json.length * 6 <= ARCHIVE_INLINE_LIMIT_BYTES) return true;
  return new TextEncoder().encode(JSON.stringify(json)).byteLength <= ARCHIVE_INLINE_LIMIT_BYTES;
}

/**
 * The archive attachment of a request, or undefined when it is not archived (no capture, or it
 * neither reached a provider nor was refused by the gateway). Throws when the policy requires encryption and no archive key is
 * set: nothing is written then (fail closed), and the caller still sends the usage event.
 */
export async function archiveAttachment({ env, record }: AfterResponseContext): Promise<ArchiveAttachment | undefined> {
  const capture = record.exchange;
  // A request is archived once it reached a provider, or when the gateway refused it itself (rejection.ts).
  // (`capture.attempts`: calls actually sent; an attempt its adapter refused before sending is a refusal.)
  if (!capture || (capture.attempts.length === 0 && !record.rejected)) return undefined;
  const path = archivePath(record.keyId, record.requestId);
  if (!path) return undefined;
  await capture.clientSettled(CLIENT_SETTLE_TIMEOUT_MS);
  // Settled by the client tap while the response is still on its way out: let it go first.
  await nextTurn();
  const summary = archiveSummary(record, capture);
  await sealingKey(env, summary);
  const json = JSON.stringify(buildArchiveRecord(record, capture));
  if (fitsInline(json)) return { json, summary };
  await writeSingleObject(env, path, json, summary);
  return { object: path, summary };
}
