/** A pipeline's output as canonical event batches, for a surface's stream encoder. */
import { replayStream } from '../cache/replay';
import type { GatewayError } from '../http/errors';
import type { EventBatch } from '../streams/stream-pipeline';
import type { PipelineOutput } from './chat-pipeline';

export function eventsOf(output: PipelineOutput): ReadableStream<EventBatch> {
  return output.kind === 'stream' ? output.events : replayStream(output.result);
}

/** One terminal error, for a stream that committed (keep-alives sent) before every target failed. */
export function errorEvents(error: GatewayError): ReadableStream<EventBatch> {
  return new ReadableStream<EventBatch>({
    start(controller) {
      controller.enqueue([{ type: 'error', error }]);
      controller.close();
    },
  });
}
