/**
 * After-response step: send the request's usage event to the usage queue. Every request that
 * reached a provider (or was served from cache) sends exactly one, whatever its outcome; the
 * consumer is idempotent by request id, so a send retried here can never double-count.
 * The same message carries the request's archive record (`archive`, see archive/attachment.ts):
 * one queue message per request is all the storage work on the request's isolate.
 */

import { type ArchiveAttachment, archiveAttachment } from '../archive/attachment';
import { getConfig } from '../config';
import type { AfterResponseContext } from '../pipeline/after-response-context';
import { otlpSettings } from '../telemetry/otlp-exporter';
import { type TraceFacts, traceFacts } from '../telemetry/trace-facts';
import { buildUsageEvent, isAccountable, QUEUE_MESSAGE_LIMIT_BYTES, type UsageEvent } from './event';

const SEND_ATTEMPTS = 3;
/** Room an inline archive record may take in the message (archive/attachment.ts keeps it under 96 KiB, plus its summary). */
const ARCHIVE_ATTACHMENT_RESERVE_BYTES = 100 * 1024;

/** UTF-8 bytes of the value's JSON; not encoded when its length alone proves it small (at most 3 bytes per UTF-16 unit). */
function encodedSize(value: unknown): number {
  const json = JSON.stringify(value);
  return json.length * 3 <= SMALL_MESSAGE_BYTES ? json.length * 3 : new TextEncoder().encode(json).byteLength;
}
/**
 * Below this, an upper bound of the size is as good as the exact figure: two such bounds together
 * stay under the smallest room checked (the message limit minus the archive's reserve, 28 KiB).
 */
const SMALL_MESSAGE_BYTES = 8 * 1024;

/** What rides in the request's one message beside its usage event. */
export interface UsageMessageExtras {
  archive?: ArchiveAttachment;
  /** The facts the consumer builds the request's spans from, when telemetry is on; dropped first if the message would be too big. */
  trace?: TraceFacts;
}

export async function sendUsageEvent(queue: Queue, event: UsageEvent, extras: UsageMessageExtras = {}): Promise<void> {
  const { archive } = extras;
  const reserve = archive ? ARCHIVE_ATTACHMENT_RESERVE_BYTES : 0;
  let eventBytes = encodedSize(event);
  if (eventBytes > QUEUE_MESSAGE_LIMIT_BYTES - reserve) {
    event = { ...event, tags: null };
    eventBytes = encodedSize(event);
  }
  let trace = extras.trace;
  if (trace && eventBytes + encodedSize(trace) > QUEUE_MESSAGE_LIMIT_BYTES - reserve) trace = undefined;
  const message = { ...event, ...(archive ? { archive } : {}), ...(trace ? { trace } : {}) };
  let lastError: unknown;
  for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
    try {
      // The last attempt sends the usage event alone: accounting must not be lost to its archive.
      await queue.send(attempt < SEND_ATTEMPTS ? message : event, { contentType: 'json' });
      return;
    } catch (error) {
      lastError = error;
    }
  }
  // The event itself is in the log line, so an operator can replay it; it holds no content or secrets.
  console.error(JSON.stringify({ level: 'error', event: 'usage.send_failed', usage: event, error: String(lastError) }));
  throw lastError;
}

export async function enqueueUsage(context: AfterResponseContext): Promise<void> {
  const { env, record } = context;
  if (!isAccountable(record)) return;
  const config = getConfig(env);
  const event = buildUsageEvent(record, config);
  // The usage event goes out even when the archive cannot be built (e.g. encryption required, no key).
  const archive = await archiveAttachment(context).catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'error', requestId: record.requestId, step: 'archive', error: String(error) }));
    return undefined;
  });
  const trace = otlpSettings(env) ? traceFacts(context) : undefined;
  await sendUsageEvent(env.USAGE_QUEUE, event, { archive, trace });
}
