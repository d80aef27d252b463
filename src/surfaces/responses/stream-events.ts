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
import { finishStatus, type ResponseContext } from './envelope';
import type { FunctionCallItem, MessageItem, OutputContentPart, OutputItem, ReasoningItem } from './items';
import { blockItem, callSignatures, ItemIds, reasoningItem, responsesLogprobs } from './output-items';
import { StreamOutput } from './stream-output';

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
  #failed = false;
  #usage: Usage | undefined;
  #finish: FinishReason | undefined;
  #open: OpenItem | undefined;
  readonly #closedTools = new Set<number>();
  readonly #ids: ItemIds;
  readonly #wire: StreamOutput;

  constructor(
    context: ResponseContext,
    private readonly now: () => number = Date.now,
  ) {
    this.#ids = new ItemIds(context);
    this.#wire = new StreamOutput(context);
  }

  #send(type: string, fields: Record<string, unknown>): void {
    this.#wire.send(type, fields);
  }

  #add(item: OutputItem, shown: Record<string, unknown>): number {
    this.#close();
    return this.#wire.add(item, shown);
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
    this.#wire.done(open.index, item);
  }

  #reasoningBlock(block: ReasoningBlock): void {
    const streamed = this.#open?.kind === 'reasoning';
    if (!streamed && block.type === 'thinking' && block.thinking) this.#reasoningDelta(block.thinking);
    const open = this.#reasoning();
    const item = blockItem(open.id, block, open.text);
    // The item says what was streamed for it, so its done form always matches its deltas.
    item.summary = open.partOpen ? [{ type: 'summary_text', text: open.text }] : [];
    this.#closeReasoning(open, item);
  }

  // --- function calls --------------------------------------------------------------------
  #toolStart(event: Extract<ChatStreamEvent, { type: 'tool-call-start' }>): void {
    const signatures = callSignatures([event]);
    if (signatures) {
      const carrier = reasoningItem(this.#ids.next('rs'), '', { calls: signatures });
      const index = this.#add(carrier, { id: carrier.id, type: 'reasoning', summary: [] });
      this.#wire.done(index, carrier);
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
      this.#wire.done(open.index, { ...open.item, status: 'completed' });
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
    this.#wire.done(open.index, { ...open.item, status: 'completed' });
  }

  #fail(error: GatewayError): void {
    this.#wire.start();
    this.#failed = true;
    const code = error.code ?? 'server_error';
    this.#send('error', { code, message: error.message, param: error.param });
    const output = this.#wire.items.map((item) => this.#wire.show(item));
    this.#send('response.failed', {
      response: this.#wire.envelope({ status: 'failed', output, usage: this.#usage, error: { code, message: error.message } }),
    });
  }

  encode(event: ChatStreamEvent): string {
    if (this.#failed) return '';
    switch (event.type) {
      case 'start':
        this.#wire.model = event.model;
        this.#wire.serviceTier = event.serviceTier;
        this.#wire.start();
        break;
      case 'usage':
        this.#usage = event.usage;
        break;
      case 'error':
        this.#fail(event.error);
        break;
      default:
        if (event.choice !== 0) break; // the Responses API has one output
        this.#wire.start();
        this.#content(event);
    }
    return this.#wire.take();
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

  /** After the last event: close what is open and build the terminal event. */
  end(): EncodedEnd {
    if (this.#failed) return { text: this.#wire.take(), terminal: '' };
    this.#wire.start();
    this.#close();
    const text = this.#wire.take();
    const { status, incomplete_details } = finishStatus(this.#finish);
    const state = {
      status,
      usage: this.#usage,
      incompleteDetails: incomplete_details,
      completedAt: status === 'completed' ? Math.floor(this.now() / 1000) : null,
    };
    const response = { ...this.#wire.envelope({ ...state, output: this.#wire.items }), output: this.#wire.items };
    this.#send(status === 'completed' ? 'response.completed' : 'response.incomplete', {
      response: this.#wire.envelope({ ...state, output: this.#wire.items.map((item) => this.#wire.show(item)) }),
    });
    return { text, terminal: this.#wire.take(), response };
  }
}
