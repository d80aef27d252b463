/**
 * The Responses stream as bytes: each canonical event batch is written as one chunk; at the end,
 * the finished response is handed to `onComplete` (the store) before its terminal event goes
 * out, so a client that reads `response.completed` and then continues from that id finds it.
 */
import { GatewayError } from '../../lib/http/errors';
import type { EventBatch } from '../../lib/streams/stream-pipeline';
import type { ResponseContext } from './envelope';
import type { OutputItem } from './items';
import { ResponsesEventEncoder } from './stream-events';

export interface ResponsesStreamOptions {
  context: ResponseContext;
  onComplete?: (response: Record<string, unknown> & { id: string; output: OutputItem[] }) => Promise<void>;
  now?: () => number;
}

export function responsesStreamEncoder(options: ResponsesStreamOptions): TransformStream<EventBatch, Uint8Array> {
  const encoder = new ResponsesEventEncoder(options.context, options.now);
  const bytes = new TextEncoder();
  return new TransformStream<EventBatch, Uint8Array>({
    transform(batch, controller) {
      let text = '';
      for (const event of batch) text += encoder.encode(event);
      if (text) controller.enqueue(bytes.encode(text));
    },
    async flush(controller) {
      const end = encoder.end();
      if (end.text) controller.enqueue(bytes.encode(end.text));
      if (end.response && options.onComplete) {
        try {
          await options.onComplete(end.response);
        } catch (error) {
          // The answer is complete and correct; only its storage failed. Say so in the log, not the stream.
          const reason = error instanceof GatewayError ? error.message : String(error);
          console.error(JSON.stringify({ level: 'warn', step: 'responses-store', responseId: options.context.id, error: reason }));
        }
      }
      if (end.terminal) controller.enqueue(bytes.encode(end.terminal));
    },
  });
}
