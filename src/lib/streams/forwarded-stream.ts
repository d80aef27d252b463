/**
 * The client side of the same-dialect lane: the provider's stream bytes, unchanged.
 *
 * The upstream body is read once, by the stream pipeline (stream-pipeline.ts), which decodes it
 * for usage, the commit rule, sessions and the cache. Each raw chunk it reads is also queued
 * here (`tap`), and the client's stream hands those chunks on as the decoded batches they
 * produced are pulled: no second read of the body, no re-encoding, and back-pressure and
 * cancellation still reach the upstream fetch.
 *
 * The only bytes the gateway adds are its own errors after the commit (the upstream broke, went
 * quiet, ended without finishing, or the session could not be saved), in the surface's error
 * shape. An error event the provider sent is already in its bytes and is not repeated.
 */
import type { GatewayError } from '../http/errors';
import type { EventBatch } from './stream-pipeline';

export interface ForwardedStream {
  kind: 'stream';
  contentType: string | null;
  /** Raw chunks read from the provider and not yet sent to the client, oldest first. */
  tap: Uint8Array[];
  /** Whether an error event came from the provider's own bytes (so it is already forwarded). */
  fromProvider(error: GatewayError): boolean;
}

export interface ForwardedResult {
  kind: 'result';
  contentType: string | null;
  /** The provider's response body, exactly as received. */
  body: string;
}

export type Forwarded = ForwardedStream | ForwardedResult;

/** Encodes a gateway error as one event of the surface's stream. */
export type StreamErrorEncoder = (error: GatewayError) => string;

export function forwardedBytes(
  events: ReadableStream<EventBatch>,
  forwarded: ForwardedStream,
  encodeError: StreamErrorEncoder,
): ReadableStream<Uint8Array> {
  const reader = events.getReader();
  const text = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let sent = false;
          const next = forwarded.tap.length === 0 ? await reader.read() : undefined;
          for (const chunk of forwarded.tap.splice(0)) {
            controller.enqueue(chunk);
            sent = true;
          }
          if (next?.done) return controller.close();
          for (const event of next?.value ?? []) {
            if (event.type === 'error' && !forwarded.fromProvider(event.error)) {
              controller.enqueue(text.encode(encodeError(event.error)));
              sent = true;
            }
          }
          if (sent) return;
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
