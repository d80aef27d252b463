/**
 * After-response step: send the request's usage event to the usage queue. Every request that
 * reached a provider (or was served from cache) sends exactly one, whatever its outcome; the
 * consumer is idempotent by request id, so a send retried here can never double-count.
 */

import { getConfig } from '../config';
import type { AfterResponseContext } from '../pipeline/after-response-context';
import { otlpSettings } from '../telemetry/otlp-exporter';
import type { OtlpSpan } from '../telemetry/otlp-span';
import { requestSpans } from '../telemetry/request-spans';
import { buildUsageEvent, isAccountable, QUEUE_MESSAGE_LIMIT_BYTES, type UsageEvent } from './event';

const SEND_ATTEMPTS = 3;

const encodedSize = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** Sends the event, with the request's spans beside it when telemetry is on (dropped first if the message is too big). */
export async function sendUsageEvent(queue: Queue, event: UsageEvent, spans?: OtlpSpan[]): Promise<void> {
  let body: UsageEvent & { spans?: OtlpSpan[] } = spans?.length ? { ...event, spans } : event;
  if (body.spans && encodedSize(body) > QUEUE_MESSAGE_LIMIT_BYTES) body = event;
  if (encodedSize(body) > QUEUE_MESSAGE_LIMIT_BYTES) body = { ...event, tags: null };
  let lastError: unknown;
  for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
    try {
      await queue.send(body, { contentType: 'json' });
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
  await sendUsageEvent(env.USAGE_QUEUE, event, otlpSettings(env) ? requestSpans(context, event, config) : undefined);
}
