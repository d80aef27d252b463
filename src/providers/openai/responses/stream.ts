/**
 * Responses SSE events → canonical events (WIRE-NOTES §3). One small reducer per stream:
 *
 * response.created → start · output_text.delta → text-delta (logprobs kept) · refusal.delta →
 * refusal-delta · output_item.added (function_call) → tool-call-start, call_id as the id ·
 * function_call_arguments.delta → tool-call-delta (a `.done` or `output_item.done` carrying
 * more than was streamed sends the rest) · reasoning_summary_text.delta / reasoning_text.delta →
 * reasoning-delta (summary parts separated by a blank line) · output_item.done (reasoning) →
 * reasoning-block with the encrypted content · response.completed / response.incomplete →
 * usage, then finish · `error` and response.failed → a terminal error event.
 *
 * Items are keyed by `output_index` (every item event carries it), else by `item_id`.
 * The stream has no `[DONE]`; the finish comes from the terminal response event.
 */
import { GatewayError } from '../../../lib/http/errors';
import { DONE_SENTINEL, parseJsonData } from '../../../lib/streams/sse';
import type { Emit, SseMessage, StreamDecoder } from '../../types';
import { mapResponsesFinish, mapResponsesUsage, responsesFailure } from './outcome';
import { toReasoningBlock } from './reasoning';
import { streamEvent, type WireResponse, type WireStreamEvent } from './wire';

interface ToolState {
  index: number;
  sent: string;
}

interface ReasoningState {
  text: string;
  summaryIndex: number;
}

export function createResponsesStreamDecoder(): StreamDecoder {
  let started = false;
  let ended = false;
  const tools = new Map<string, ToolState>();
  const reasoning = new Map<string, ReasoningState>();

  const keyOf = (event: WireStreamEvent): string =>
    event.output_index != null ? `#${event.output_index}` : `id:${event.item_id ?? event.item?.id ?? ''}`;

  const ensureStart = (emit: Emit, response?: WireResponse | null) => {
    if (started) return;
    started = true;
    emit({
      type: 'start',
      id: response?.id || `resp_${crypto.randomUUID().replaceAll('-', '')}`,
      model: response?.model ?? '',
      created: response?.created_at || Math.floor(Date.now() / 1000),
      serviceTier: response?.service_tier,
    });
  };

  const startTool = (event: WireStreamEvent, emit: Emit): ToolState => {
    const key = keyOf(event);
    let tool = tools.get(key);
    if (!tool) {
      tool = { index: tools.size, sent: '' };
      tools.set(key, tool);
      const item = event.item;
      const id = item?.call_id || item?.id || `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
      emit({ type: 'tool-call-start', choice: 0, index: tool.index, id, name: item?.name ?? '' });
    }
    return tool;
  };

  const sendArguments = (tool: ToolState, text: string, emit: Emit) => {
    if (!text) return;
    tool.sent += text;
    emit({ type: 'tool-call-delta', choice: 0, index: tool.index, arguments: text });
  };

  /** A `.done` with the full arguments: send whatever the deltas did not. */
  const completeArguments = (tool: ToolState, full: string | null | undefined, emit: Emit) => {
    if (full && full.length > tool.sent.length && full.startsWith(tool.sent)) sendArguments(tool, full.slice(tool.sent.length), emit);
  };

  const reasoningDelta = (event: WireStreamEvent, emit: Emit) => {
    if (!event.delta) return;
    const key = keyOf(event);
    const state = reasoning.get(key) ?? { text: '', summaryIndex: event.summary_index ?? 0 };
    reasoning.set(key, state);
    let text = event.delta;
    const summaryIndex = event.summary_index ?? state.summaryIndex;
    if (summaryIndex !== state.summaryIndex && state.text) text = `\n\n${text}`;
    state.summaryIndex = summaryIndex;
    state.text += text;
    emit({ type: 'reasoning-delta', choice: 0, text });
  };

  const finish = (response: WireResponse | null | undefined, emit: Emit) => {
    ended = true;
    if (response?.usage) emit({ type: 'usage', usage: mapResponsesUsage(response.usage) });
    emit({ type: 'finish', choice: 0, reason: mapResponsesFinish(response ?? {}, tools.size > 0) });
  };

  const handle = (event: WireStreamEvent, emit: Emit) => {
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        return ensureStart(emit, event.response);
      case 'response.output_text.delta':
        ensureStart(emit);
        if (!event.delta) return;
        if (event.logprobs?.length) emit({ type: 'text-delta', choice: 0, text: event.delta, logprobs: { content: event.logprobs } });
        else emit({ type: 'text-delta', choice: 0, text: event.delta });
        return;
      case 'response.refusal.delta':
        ensureStart(emit);
        if (event.delta) emit({ type: 'refusal-delta', choice: 0, text: event.delta });
        return;
      case 'response.output_item.added':
        ensureStart(emit);
        if (event.item?.type === 'function_call') sendArguments(startTool(event, emit), event.item.arguments ?? '', emit);
        return;
      case 'response.function_call_arguments.delta':
        ensureStart(emit);
        return sendArguments(startTool(event, emit), event.delta ?? '', emit);
      case 'response.function_call_arguments.done':
        return completeArguments(startTool(event, emit), event.arguments, emit);
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        ensureStart(emit);
        return reasoningDelta(event, emit);
      case 'response.output_item.done':
        return itemDone(event, emit);
      case 'response.completed':
      case 'response.incomplete':
        ensureStart(emit, event.response);
        return finish(event.response, emit);
      case 'response.failed':
        ended = true;
        return emit({ type: 'error', error: responsesFailure(event.response?.error) });
      case 'error':
        ended = true;
        return emit({ type: 'error', error: responsesFailure(event.error ?? event) });
    }
  };

  const itemDone = (event: WireStreamEvent, emit: Emit) => {
    const item = event.item;
    ensureStart(emit);
    if (item?.type === 'function_call') return completeArguments(startTool(event, emit), item.arguments, emit);
    if (item?.type !== 'reasoning') return;
    const streamed = reasoning.get(keyOf(event))?.text;
    const block = toReasoningBlock(item, streamed);
    if (!streamed && block?.thinking) emit({ type: 'reasoning-delta', choice: 0, text: block.thinking });
    if (block) emit({ type: 'reasoning-block', choice: 0, block });
  };

  return {
    onMessage(message: SseMessage, emit: Emit) {
      if (ended || message.data.trim() === DONE_SENTINEL) return;
      const parsed = streamEvent.safeParse(parseJsonData(message.data));
      if (!parsed.success) {
        ended = true;
        const error = new GatewayError('upstream', 'The provider sent a stream event the gateway could not read.', {
          code: 'upstream_malformed_chunk',
          retryable: true,
        });
        return emit({ type: 'error', error });
      }
      handle(parsed.data, emit);
    },
    onEnd() {},
  };
}
