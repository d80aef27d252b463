/**
 * A stream is committed to a target at its first content event, not at its response
 * headers: an upstream that answers 200 and dies before saying anything can still be
 * retried or replaced, because the client has received nothing yet. Batches read while
 * waiting (`start`, `usage`) are kept and handed on in front of the rest of the stream.
 * After the commit, the stream is the client's: a later failure is its terminal error event.
 */
import type { ChatStreamEvent } from '../canonical';
import { GatewayError } from '../http/errors';
import type { DecodedStream, EventBatch } from '../streams/stream-pipeline';

export type CommitResult = { ok: true; stream: DecodedStream } | { ok: false; error: GatewayError };

/** Events that put something in front of the client: once one is sent, there is no going back. */
function isContent(event: ChatStreamEvent): boolean {
  return event.type !== 'start' && event.type !== 'usage' && event.type !== 'error';
}

/** Read until the first content event (commit) or a failure before it (the attempt failed). */
export async function awaitFirstContent(decoded: DecodedStream): Promise<CommitResult> {
  const reader = decoded.events.getReader();
  const held: EventBatch[] = [];
  for (;;) {
    let next: ReadableStreamReadResult<EventBatch>;
    try {
      next = await reader.read();
    } catch (cause) {
      return {
        ok: false,
        error: new GatewayError('upstream', 'The provider stream failed before it started.', { retryable: true, cause }),
      };
    }
    if (next.done) break; // ended cleanly with nothing to say: hand on what there is
    const batch = next.value;
    // Within a batch order matters: content then an error commits (the error is the client's);
    // an error before any content fails the attempt.
    const content = batch.findIndex(isContent);
    const failure = batch.find((event, index) => event.type === 'error' && (content === -1 || index < content));
    if (failure?.type === 'error') {
      await reader.cancel().catch(() => {});
      return { ok: false, error: failure.error };
    }
    held.push(batch);
    if (content !== -1) break;
  }
  return { ok: true, stream: { events: replay(held, reader), outcome: decoded.outcome } };
}

/** `held` first, then the rest of `reader`; cancelling it cancels the upstream. */
function replay(held: EventBatch[], reader: ReadableStreamDefaultReader<EventBatch>): ReadableStream<EventBatch> {
  return new ReadableStream<EventBatch>(
    {
      async pull(controller) {
        const first = held.shift();
        if (first) return controller.enqueue(first);
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
