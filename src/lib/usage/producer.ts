/**
 * After-response step: send the request's usage event to the usage queue. Every request that
 * reached a provider (or was served from cache) sends exactly one, whatever its outcome; the
 * consumer is idempotent by request id, so a send retried here can never double-count.
 */

import { getConfig } from '../config';
import type { AfterResponseContext } from '../pipeline/after-response-context';
import { buildUsageEvent, isAccountable, QUEUE_MESSAGE_LIMIT_BYTES, type UsageEvent } from './event';

const SEND_ATTEMPTS = 3;

export async function sendUsageEvent(queue: Queue, event: UsageEvent): Promise<void> {
  const size = new TextEncoder().encode(JSON.stringify(event)).byteLength;
  if (size > QUEUE_MESSAGE_LIMIT_BYTES) event = { ...event, tags: null };
  let lastError: unknown;
  for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
    try {
      await queue.send(event, { contentType: 'json' });
      return;
    } catch (error) {
      lastError = error;
    }
  }
  // The event itself is in the log line, so an operator can replay it; it holds no content or secrets.
  console.error(JSON.stringify({ level: 'error', event: 'usage.send_failed', usage: event, error: String(lastError) }));
  throw lastError;
}

export async function enqueueUsage({ env, record }: AfterResponseContext): Promise<void> {
  if (!isAccountable(record)) return;
  await sendUsageEvent(env.USAGE_QUEUE, buildUsageEvent(record, getConfig(env)));
}
