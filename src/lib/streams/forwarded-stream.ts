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
import type { SseMessage, Target } from '../../providers/types';
import type { GatewayError } from '../http/errors';
import type { EventBatch } from './stream-pipeline';

export interface ForwardedStream {
  kind: 'stream';
  contentType: string | null;
  /** Raw chunks read from the provider and not yet sent to the client, oldest first. */
  tap: Uint8Array[];
  /** Whether an error event came from the provider's own bytes (so it is already forwarded). */
  fromProvider(error: GatewayError): boolean;
  /**
   * Hold the latest chunk until the upstream is read to its end: set when a session must be
   * saved before the client sees the stream's last event (a client may send its next turn as
   * soon as it has read it). Costs one upstream read of delay per chunk, so only then.
   */
  holdTail?: boolean;
  /** An event only the gateway's own edit produced (see `ForwardRequestSpec.hideEvent`). */
  hideEvent?: ((block: string) => boolean) | undefined;
  /** The provider's latest event, as read: a Responses stream's terminal one carries the whole response (stored). */
  lastMessage?: SseMessage;
  /** The target that sent these bytes. */
  target?: Target;
}

export interface ForwardedResult {
  kind: 'result';
  contentType: string | null;
  /** The provider's response body, exactly as received. */
  body: string;
  /** The target that sent it; absent for a cache hit. */
  target?: Target;
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
  const filter = forwarded.hideEvent && eventFilter(forwarded.hideEvent);
  const pass = (chunks: Uint8Array[], last: boolean): Uint8Array[] => {
    if (!filter) return chunks;
    const out = chunks.map(filter.push);
    if (last) out.push(filter.end());
    return out.filter((chunk) => chunk.byteLength > 0);
  };
  let ended = false;
  /** The gateway's own error events: terminal, so sent after the last provider bytes. */
  const trailer: Uint8Array[] = [];
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const keep = forwarded.holdTail && !ended ? 1 : 0;
          const ready = forwarded.tap.length > keep ? forwarded.tap.splice(0, forwarded.tap.length - keep) : [];
          const out = pass(ready, ended);
          if (ended) {
            for (const chunk of [...out, ...trailer]) controller.enqueue(chunk);
            return controller.close();
          }
          if (out.length > 0) {
            for (const chunk of out) controller.enqueue(chunk);
            return;
          }
          const next = await reader.read();
          if (next.done) {
            ended = true;
            continue;
          }
          for (const event of next.value) {
            if (event.type === 'error' && !forwarded.fromProvider(event.error)) trailer.push(text.encode(encodeError(event.error)));
          }
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * Holds back whole SSE events that `hide` names; every other byte passes unchanged. Only used
 * when the gateway's own edit added events (it costs a text decode of the stream).
 */
function eventFilter(hide: (block: string) => boolean): { push(bytes: Uint8Array): Uint8Array; end(): Uint8Array } {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const release = (complete: string): Uint8Array => {
    const pieces = complete.split(/(\r?\n\r?\n)/);
    let out = '';
    for (let index = 0; index < pieces.length; index += 2) {
      const block = pieces[index] ?? '';
      if (!hide(block)) out += block + (pieces[index + 1] ?? '');
    }
    return encoder.encode(out);
  };
  return {
    push(bytes) {
      pending += decoder.decode(bytes, { stream: true });
      const lf = pending.lastIndexOf('\n\n');
      const crlf = pending.lastIndexOf('\n\r\n');
      const end = Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 3);
      if (end === 0) return new Uint8Array();
      const complete = pending.slice(0, end);
      pending = pending.slice(end);
      return release(complete);
    },
    end() {
      const rest = pending + decoder.decode();
      pending = '';
      return rest ? release(rest) : new Uint8Array();
    },
  };
}
