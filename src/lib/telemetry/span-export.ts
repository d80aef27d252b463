/**
 * Span export, off the request path. The usage consumer hands over the spans of the messages it
 * has applied to the ledger; they are sent to the collector at once, and when that fails they
 * go to the telemetry queue, whose consumer retries with back-off. Usage accounting never
 * waits on, or fails with, the collector.
 */
import * as z from '../zod';
import { ExportFailed, exportSpans } from './otlp-collector';
import { otlpSettings } from './otlp-exporter';
import type { OtlpSpan } from './otlp-span';

export const TELEMETRY_QUEUE = 'switchboard-telemetry';
/** Spans per telemetry-queue message: well under the queue's 128 KB message limit at ~2 KB a span. */
const SPANS_PER_MESSAGE = 40;
const MAX_RETRY_DELAY_SECONDS = 600;

/** What the consumer trusts of a span carried in a queue message: the ids it must have; the rest is its own output. */
const spanSchema = z.looseObject({
  traceId: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  spanId: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  name: z.string().check(z.maxLength(1024)),
});
const spansSchema = z.array(spanSchema).check(z.maxLength(1000));

/** The spans a queue message body carries (`spans`), or none. */
export function spansOf(body: unknown): OtlpSpan[] {
  if (typeof body !== 'object' || body === null || !('spans' in body)) return [];
  const parsed = spansSchema.safeParse((body as { spans: unknown }).spans);
  return parsed.success ? (parsed.data as unknown as OtlpSpan[]) : [];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Export now; on failure, queue the spans for retries. Never throws. */
export async function exportOrQueue(env: Env, spans: OtlpSpan[]): Promise<void> {
  const settings = otlpSettings(env);
  if (!settings || spans.length === 0) return;
  try {
    await exportSpans(settings, spans);
  } catch (error) {
    const status = error instanceof ExportFailed ? error.status : 0;
    console.warn(JSON.stringify({ level: 'warn', event: 'telemetry.export_deferred', spans: spans.length, status }));
    try {
      await env.TELEMETRY_QUEUE.sendBatch(chunks(spans, SPANS_PER_MESSAGE).map((body) => ({ body: { spans: body }, contentType: 'json' })));
    } catch (queueError) {
      console.error(JSON.stringify({ level: 'error', event: 'telemetry.queue_failed', spans: spans.length, error: String(queueError) }));
    }
  }
}

export function telemetryRetryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 2 * 4 ** Math.max(0, attempts - 1));
}

/** The telemetry queue's consumer: one export per batch; on failure every message retries with back-off. */
export async function consumeTelemetryBatch(batch: MessageBatch, env: Env): Promise<void> {
  const settings = otlpSettings(env);
  if (!settings) {
    batch.ackAll();
    return;
  }
  const spans = batch.messages.flatMap((message) => spansOf(message.body));
  try {
    await exportSpans(settings, spans);
    for (const message of batch.messages) message.ack();
  } catch (error) {
    const status = error instanceof ExportFailed ? error.status : 0;
    console.warn(JSON.stringify({ level: 'warn', event: 'telemetry.export_retry', spans: spans.length, status }));
    for (const message of batch.messages) message.retry({ delaySeconds: telemetryRetryDelaySeconds(message.attempts) });
  }
}
