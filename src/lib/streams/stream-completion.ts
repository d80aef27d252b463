/**
 * Watches a canonical event stream on its way to the caller and adds it up (stream-accumulator)
 * for the steps that need the whole answer: the session append, which runs before the stream's
 * last bytes (so a caller that has read the whole reply can send its next turn at once), and the
 * cache fill (after the response, through `result`). Pulled on demand: back-pressure and
 * cancellation pass straight through to the source.
 */
import type { ChatResult } from '../canonical';
import { toGatewayError } from '../http/error-response';
import { accumulateAll, emptyAccumulation, type StreamAccumulation, toChatResult } from './stream-accumulator';
import type { EventBatch } from './stream-pipeline';

export interface WatchedStream {
  events: ReadableStream<EventBatch>;
  /** The complete answer once the stream ended cleanly; `undefined` if it failed or was cancelled. */
  result: Promise<ChatResult | undefined>;
}

export function watchStream(source: ReadableStream<EventBatch>, onComplete?: (result: ChatResult) => Promise<void>): WatchedStream {
  const reader = source.getReader();
  let state: StreamAccumulation = emptyAccumulation;
  let settle!: (result: ChatResult | undefined) => void;
  const result = new Promise<ChatResult | undefined>((resolve) => {
    settle = resolve;
  });

  const events = new ReadableStream<EventBatch>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<EventBatch>;
        try {
          next = await reader.read();
        } catch (error) {
          settle(undefined);
          controller.error(error);
          return;
        }
        if (!next.done) {
          state = accumulateAll(next.value, state);
          controller.enqueue(next.value);
          return;
        }
        const complete = toChatResult(state);
        if (complete && onComplete) {
          try {
            await onComplete(complete);
          } catch (thrown) {
            controller.enqueue([{ type: 'error', error: toGatewayError(thrown) }]);
          }
        }
        settle(complete);
        controller.close();
      },
      async cancel(reason) {
        settle(undefined);
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { events, result };
}
