/**
 * Canonical events → Responses stream events, as OpenAI numbers them:
 *
 *   response.created, response.in_progress,
 *   ( output_item.added, [part events, deltas, .done events], output_item.done )*,
 *   response.completed | response.incomplete | (error, response.failed)
 *
 * - `sequence_number` counts every event from 0; `output_index` is the item's position in
 *   `output`; `content_index` / `summary_index` the part's position in its item.
 * - One item is open at a time; an item closes (all its `.done` events) before the next opens.
 * - Reasoning streams as a summary part; a signed block (Anthropic) or unsigned reasoning
 *   (DeepSeek) becomes the item's `encrypted_content` (see reasoning-state.ts), shown only when
 *   the caller asked for it. A Gemini thought signature becomes a reasoning item of its own
 *   right before its function_call.
 * - Tool-call arguments go out as `function_call_arguments.delta` exactly as produced; a
 *   fragment for a call already closed ends the stream with an error, never silently.
 */
import type { ChatStreamEvent, FinishReason, ReasoningBlock, Usage } from '../../lib/canonical';
import { GatewayError } from '../../lib/http/errors';
import { encodeSse } from '../../lib/streams/sse';
import { type EnvelopeState, finishStatus, type ResponseContext, responseObject } from './envelope';
import type { FunctionCallItem, MessageItem, OutputContentPart, OutputItem, ReasoningItem } from './items';
import { visibleItem } from './items';
import { blockItem, callSignatures, ItemIds, reasoningItem, responsesLogprobs } from './output-items';

type OpenItem =
  | { kind: 'message'; index: number; item: MessageItem; part?: OutputContentPart }
  | { kind: 'reasoning'; index: number; id: string; text: string; partOpen: boolean }
  | { kind: 'function'; index: number; item: FunctionCallItem; tool: number };

export interface EncodedEnd {
  /** Wire text before the terminal event. */
  text: string;
  /** The terminal event (`response.completed` / `.incomplete`), or '' after a failure. */
  terminal: string;
  /** The final response, reasoning state kept, for the store; undefined after a failure. */
  response?: Record<string, unknown> & { id: string; output: OutputItem[] };
}

export class ResponsesEventEncoder {
  #out = '';
  #seq = 0;
  #started = false;
  #failed = false;
  #model = '';
  #serviceTier: string | null | undefined;
  #usage: Usage | undefined;
  #finish: FinishReason | undefined;
  #open: OpenItem | undefined;
  /** Output so far, full (reasoning state kept); index = output_index. */
  readonly #items: OutputItem[] = [];
  readonly #closedTools = new Set<number>();
  readonly #ids: ItemIds;

  constructor(
    private readonly context: ResponseContext,
    private readonly now: () => number = Date.now,
  ) {
    this.#ids = new ItemIds(context);
  }

  #send(type: string, fields: Record<string, unknown>): void {
    this.#out += encodeSse(JSON.stringify({ type, ...fields, sequence_number: this.#seq++ }), type);
  }

  #show<T extends OutputItem>(item: T): T {
    return visibleItem(item, this.context.withEncrypted);
  }

  #envelope(state: Omit<EnvelopeState, 'model' | 'serviceTier'>) {
    return responseObject(this.context, { model: this.#model, serviceTier: this.#serviceTier, ...state });
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    const response = this.#envelope({ status: 'in_progress', output: [] });
    this.#send('response.created', { response });
    this.#send('response.in_progress', { response });
  }

  #add(item: OutputItem, shown: Record<string, unknown>): number {
    this.#close();
    const index = this.#items.length;
    this.#items.push(item);
    this.#send('response.output_item.added', { output_index: index, item: shown });
    return index;
  }

  #done(index: number, item: OutputItem): void {
    this.#items[index] = item;
    this.#send('response.output_item.done', { output_index: index, item: this.#show(item) });
  }

  // --- message ---------------------------------------------------------------------------
  #message(): Extract<OpenItem, { kind: 'message' }> {
    if (this.#open?.kind === 'message') return this.#open;
    const item: MessageItem = { id: this.#ids.next('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const index = this.#add(item, { ...item, content: [] });
    this.#open = { kind: 'message', index, item };
    return this.#open;
  }

  #part(type: OutputContentPart['type']): { open: Extract<OpenItem, { kind: 'message' }>; part: OutputContentPart } {
    const open = this.#message();
    if (open.part?.type === type) return { open, part: open.part };
    this.#closePart(open);
    const part: OutputContentPart = type === 'refusal' ? { type, refusal: '' } : { type, annotations: [], logprobs: [], text: '' };
    open.part = part;
    const at = { item_id: open.item.id, output_index: open.index, content_index: open.item.content.length };
    this.#send('response.content_part.added', { ...at, part: { ...part } });
    return { open, part };
  }

  #closePart(open: Extract<OpenItem, { kind: 'message' }>): void {
    const part = open.part;
    if (!part) return;
    const at = { item_id: open.item.id, output_index: open.index, content_index: open.item.content.length };
    if (part.type === 'refusal') this.#send('response.refusal.done', { ...at, refusal: part.refusal });
    else this.#send('response.output_text.done', { ...at, text: part.text, logprobs: part.logprobs ?? [] });
    this.#send('response.content_part.done', { ...at, part });
    open.item.content.push(part);
    open.part = undefined;
  }

  #text(text: string, logprobs: unknown): void {
    const { open, part } = this.#part('output_text');
    if (part.type !== 'output_text') return;
    const tokens = responsesLogprobs(logprobs);
    part.text += text;
    part.logprobs?.push(...tokens);
    this.#send('response.output_text.delta', {
      item_id: open.item.id,
      output_index: open.index,
      content_index: open.item.content.length,
      delta: text,
      logprobs: tokens,
    });
  }

  #refusal(text: string): void {
    const { open, part } = this.#part('refusal');
    if (part.type !== 'refusal') return;
    part.refusal += text;
    this.#send('response.refusal.delta', {
      item_id: open.item.id,
      output_index: open.index,
      content_index: open.item.content.length,
      delta: text,
    });
  }

  // --- reasoning -------------------------------------------------------------------------
  #reasoning(): Extract<OpenItem, { kind: 'reasoning' }> {
    if (this.#open?.kind === 'reasoning') return this.#open;
    const id = this.#ids.next('rs');
    const index = this.#add({ id, type: 'reasoning', summary: [] }, { id, type: 'reasoning', summary: [] });
    this.#open = { kind: 'reasoning', index, id, text: '', partOpen: false };
    return this.#open;
  }

  #reasoningDelta(text: string): void {
    const open = this.#reasoning();
    const at = { item_id: open.id, output_index: open.index, summary_index: 0 };
    if (!open.partOpen) {
      open.partOpen = true;
      this.#send('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
    }
    open.text += text;
    this.#send('response.reasoning_summary_text.delta', { ...at, delta: text });
  }

  /** Close the open reasoning item as `item` (its summary text is the streamed text). */
  #closeReasoning(open: Extract<OpenItem, { kind: 'reasoning' }>, item: ReasoningItem): void {
    if (open.partOpen) {
      const at = { item_id: open.id, output_index: open.index, summary_index: 0 };
      this.#send('response.reasoning_summary_text.done', { ...at, text: open.text });
      this.#send('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: open.text } });
    }
    this.#open = undefined;
    this.#done(open.index, item);
  }

  #reasoningBlock(block: ReasoningBlock): void {
    const streamed = this.#open?.kind === 'reasoning';
    if (!streamed && block.type === 'thinking' && block.thinking) this.#reasoningDelta(block.thinking);
    const open = this.#reasoning();
    const item = blockItem(open.id, block, open.text);
    if (!open.partOpen) item.summary = [];
    this.#closeReasoning(open, item);
  }

  // --- function calls --------------------------------------------------------------------
  #toolStart(event: Extract<ChatStreamEvent, { type: 'tool-call-start' }>): void {
    const signatures = callSignatures([event]);
    if (signatures) {
      const carrier = reasoningItem(this.#ids.next('rs'), '', { calls: signatures });
      const index = this.#add(carrier, { id: carrier.id, type: 'reasoning', summary: [] });
      this.#done(index, carrier);
    }
    const item: FunctionCallItem = {
      id: this.#ids.next('fc'),
      type: 'function_call',
      status: 'in_progress',
      arguments: '',
      call_id: event.id,
      name: event.name,
    };
    const index = this.#add(item, { ...item });
    this.#open = { kind: 'function', index, item, tool: event.index };
  }

  #toolDelta(event: Extract<ChatStreamEvent, { type: 'tool-call-delta' }>): void {
    const open = this.#open;
    if (open?.kind !== 'function' || open.tool !== event.index) {
      this.#fail(
        new GatewayError('upstream', 'The provider sent tool-call arguments out of order; they cannot be streamed in Responses format.', {
          code: this.#closedTools.has(event.index) ? 'interleaved_tool_arguments' : 'tool_arguments_without_tool',
          retryable: true,
        }),
      );
      return;
    }
    open.item.arguments += event.arguments;
    if (event.arguments)
      this.#send('response.function_call_arguments.delta', { item_id: open.item.id, output_index: open.index, delta: event.arguments });
  }

  // --- closing ---------------------------------------------------------------------------
  #close(): void {
    const open = this.#open;
    if (!open) return;
    if (open.kind === 'message') {
      this.#closePart(open);
      this.#open = undefined;
      this.#done(open.index, { ...open.item, status: 'completed' });
      return;
    }
    if (open.kind === 'reasoning') {
      this.#closeReasoning(open, reasoningItem(open.id, open.text, { text: open.text }));
      return;
    }
    this.#closedTools.add(open.tool);
    const at = { item_id: open.item.id, output_index: open.index };
    this.#send('response.function_call_arguments.done', { ...at, name: open.item.name, arguments: open.item.arguments });
    this.#open = undefined;
    this.#done(open.index, { ...open.item, status: 'completed' });
  }

  #fail(error: GatewayError): void {
    this.#start();
    this.#failed = true;
    const code = error.code ?? 'server_error';
    this.#send('error', { code, message: error.message, param: error.param });
    const output = this.#items.map((item) => this.#show(item));
    this.#send('response.failed', {
      response: this.#envelope({ status: 'failed', output, usage: this.#usage, error: { code, message: error.message } }),
    });
  }

  encode(event: ChatStreamEvent): string {
    if (this.#failed) return '';
    switch (event.type) {
      case 'start':
        this.#model = event.model;
        this.#serviceTier = event.serviceTier;
        this.#start();
        break;
      case 'usage':
        this.#usage = event.usage;
        break;
      case 'error':
        this.#fail(event.error);
        break;
      default:
        if (event.choice !== 0) break; // the Responses API has one output
        this.#start();
        this.#content(event);
    }
    return this.#take();
  }

  #content(event: Exclude<ChatStreamEvent, { type: 'start' | 'usage' | 'error' }>): void {
    switch (event.type) {
      case 'text-delta':
        if (event.text) this.#text(event.text, event.logprobs);
        return;
      case 'refusal-delta':
        if (event.text) this.#refusal(event.text);
        return;
      case 'reasoning-delta':
        if (event.text) this.#reasoningDelta(event.text);
        return;
      case 'reasoning-block':
        this.#reasoningBlock(event.block);
        return;
      case 'tool-call-start':
        this.#toolStart(event);
        return;
      case 'tool-call-delta':
        this.#toolDelta(event);
        return;
      case 'finish':
        this.#finish = event.reason;
        this.#close();
        return;
    }
  }

  #take(): string {
    const text = this.#out;
    this.#out = '';
    return text;
  }

  /** After the last event: close what is open and build the terminal event. */
  end(): EncodedEnd {
    if (this.#failed) return { text: this.#take(), terminal: '' };
    this.#start();
    this.#close();
    const text = this.#take();
    const { status, incomplete_details } = finishStatus(this.#finish);
    const state = {
      status,
      usage: this.#usage,
      incompleteDetails: incomplete_details,
      completedAt: status === 'completed' ? Math.floor(this.now() / 1000) : null,
    };
    const response = { ...this.#envelope({ ...state, output: this.#items }), output: this.#items };
    this.#send(status === 'completed' ? 'response.completed' : 'response.incomplete', {
      response: this.#envelope({ ...state, output: this.#items.map((item) => this.#show(item)) }),
    });
    return { text, terminal: this.#take(), response };
  }
}
