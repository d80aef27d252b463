/**
 * The wire side of the Responses stream encoder: numbers every event, frames it as SSE (`event:`
 * equal to `type`), keeps the output items in `output_index` order (full, reasoning state
 * included) and shows them to the caller with `encrypted_content` only when asked for.
 */
import { encodeSse } from '../../lib/streams/sse';
import { type EnvelopeState, type ResponseContext, responseObject } from './envelope';
import { type OutputItem, visibleItem } from './items';

export class StreamOutput {
  #text = '';
  #seq = 0;
  #started = false;
  model = '';
  serviceTier: string | null | undefined;
  /** Output so far, full (reasoning state kept); index = output_index. */
  readonly items: OutputItem[] = [];

  constructor(readonly context: ResponseContext) {}

  send(type: string, fields: Record<string, unknown>): void {
    this.#text += encodeSse(JSON.stringify({ type, ...fields, sequence_number: this.#seq++ }), type);
  }

  show<T extends OutputItem>(item: T): T {
    return visibleItem(item, this.context.withEncrypted);
  }

  envelope(state: Omit<EnvelopeState, 'model' | 'serviceTier'>) {
    return responseObject(this.context, { model: this.model, serviceTier: this.serviceTier, ...state });
  }

  /** `response.created` and `response.in_progress`, once. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const response = this.envelope({ status: 'in_progress', output: [] });
    this.send('response.created', { response });
    this.send('response.in_progress', { response });
  }

  /** A new output item; returns its output_index. */
  add(item: OutputItem, shown: Record<string, unknown>): number {
    const index = this.items.length;
    this.items.push(item);
    this.send('response.output_item.added', { output_index: index, item: shown });
    return index;
  }

  done(index: number, item: OutputItem): void {
    this.items[index] = item;
    this.send('response.output_item.done', { output_index: index, item: this.show(item) });
  }

  /** The wire text written since the last call. */
  take(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }
}
