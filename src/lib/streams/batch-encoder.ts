/**
 * Turns a surface's per-event string encoder into a byte stream encoder that writes each
 * event batch (one upstream read's worth) as a single chunk.
 */
import type { ChatStreamEvent } from '../canonical';
import type { EventBatch } from './stream-pipeline';

export interface SurfaceStreamEncoder {
  /** Wire text for one event ('' when the event produces no output yet). */
  encode(event: ChatStreamEvent): string;
  /** Wire text after the last event (e.g. the usage chunk and `[DONE]`). */
  finish(): string;
}

export function batchEncoder(encoder: SurfaceStreamEncoder): TransformStream<EventBatch, Uint8Array> {
  const bytes = new TextEncoder();
  return new TransformStream<EventBatch, Uint8Array>({
    transform(batch, controller) {
      let text = '';
      for (const event of batch) text += encoder.encode(event);
      if (text) controller.enqueue(bytes.encode(text));
    },
    flush(controller) {
      const text = encoder.finish();
      if (text) controller.enqueue(bytes.encode(text));
    },
  });
}
