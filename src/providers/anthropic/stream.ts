/**
 * Anthropic Messages SSE → canonical events (WIRE-NOTES §4). The event type is read from the
 * data's `type` (the `event:` line is optional in replays); data may be padded with spaces.
 *
 * Text, tool_use and thinking blocks share one wire `index` space; canonical tool indices
 * count tool blocks only (0..n-1). Tool arguments stream as `input_json_delta` fragments (the
 * first usually empty); a tool that streamed none gets `{}`. A thinking block's signature
 * arrives as one `signature_delta` before `content_block_stop`, which then emits the signed
 * `reasoning-block`; a `redacted_thinking` block arrives whole in `content_block_start`.
 * Usage: input and cache counts from `message_start`, the final output count (and, when
 * present, fresher input and cache counts) from `message_delta`.
 */
import { GatewayError } from '../../lib/http/errors';
import { scrubSecrets } from '../../lib/http/upstream-errors';
import { parseJsonData } from '../../lib/streams/sse';
import type { Emit, SseMessage, StreamDecoder } from '../types';
import { anthropicErrorKind } from './error';
import { JSON_RESPONSE_TOOL } from './json-response';
import { mapAnthropicStopReason } from './stop-reason';
import { mapAnthropicUsage, mergeStreamUsage } from './usage';
import { streamEvent, type WireStreamEvent, type WireUsage } from './wire';

type BlockState =
  | { kind: 'text' }
  | { kind: 'tool'; toolIndex: number; sawArguments: boolean; initialInput: string | undefined }
  /** The forced `response_format` tool: its arguments are the answer text (json-response.ts). */
  | { kind: 'json'; sawArguments: boolean }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'ignored' };

const retryableKinds = new Set(['overloaded', 'rate_limit', 'upstream', 'timeout']);

/** `now` is injectable for tests: Anthropic streams carry no creation time. */
export function createAnthropicStreamDecoder(now: () => number = Date.now): StreamDecoder {
  let started = false;
  let startUsage: WireUsage | undefined;
  let toolCount = 0;
  let sawJson = false;
  const blocks = new Map<number, BlockState>();

  const ensureStart = (emit: Emit, id?: string | null, model?: string | null) => {
    if (started) return;
    started = true;
    emit({
      type: 'start',
      id: id || `msg_${crypto.randomUUID().replaceAll('-', '')}`,
      model: model ?? '',
      created: Math.floor(now() / 1000),
    });
  };

  const fail = (emit: Emit, error: GatewayError) => emit({ type: 'error', error });

  const blockStart = (wire: WireStreamEvent, emit: Emit) => {
    const index = wire.index ?? blocks.size;
    const block = wire.content_block;
    switch (block?.type) {
      case 'text':
        blocks.set(index, { kind: 'text' });
        if (block.text) emit({ type: 'text-delta', choice: 0, text: block.text });
        return;
      case 'tool_use': {
        if (block.name === JSON_RESPONSE_TOOL) {
          sawJson = true;
          blocks.set(index, { kind: 'json', sawArguments: false });
          return;
        }
        const toolIndex = toolCount++;
        const input = block.input && typeof block.input === 'object' && Object.keys(block.input).length > 0 ? block.input : undefined;
        blocks.set(index, { kind: 'tool', toolIndex, sawArguments: false, initialInput: input && JSON.stringify(input) });
        emit({ type: 'tool-call-start', choice: 0, index: toolIndex, id: block.id || `toolu_${toolIndex}`, name: block.name ?? '' });
        return;
      }
      case 'thinking':
        blocks.set(index, { kind: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
        if (block.thinking) emit({ type: 'reasoning-delta', choice: 0, text: block.thinking });
        return;
      case 'redacted_thinking':
        blocks.set(index, { kind: 'ignored' });
        emit({ type: 'reasoning-block', choice: 0, block: { type: 'redacted_thinking', data: block.data ?? '' } });
        return;
      default:
        blocks.set(index, { kind: 'ignored' });
    }
  };

  const blockDelta = (wire: WireStreamEvent, emit: Emit) => {
    const block = blocks.get(wire.index ?? -1);
    const delta = wire.delta;
    if (!block || !delta) return;
    if (delta.type === 'text_delta' && block.kind === 'text' && delta.text) {
      emit({ type: 'text-delta', choice: 0, text: delta.text });
    } else if (delta.type === 'input_json_delta' && delta.partial_json) {
      if (block.kind === 'tool') {
        block.sawArguments = true;
        emit({ type: 'tool-call-delta', choice: 0, index: block.toolIndex, arguments: delta.partial_json });
      } else if (block.kind === 'json') {
        block.sawArguments = true;
        emit({ type: 'text-delta', choice: 0, text: delta.partial_json });
      }
    } else if (delta.type === 'thinking_delta' && block.kind === 'thinking' && delta.thinking) {
      block.thinking += delta.thinking;
      emit({ type: 'reasoning-delta', choice: 0, text: delta.thinking });
    } else if (delta.type === 'signature_delta' && block.kind === 'thinking' && delta.signature) {
      block.signature += delta.signature;
    }
  };

  const blockStop = (wire: WireStreamEvent, emit: Emit) => {
    const index = wire.index ?? -1;
    const block = blocks.get(index);
    blocks.delete(index);
    if (block?.kind === 'tool' && !block.sawArguments) {
      emit({ type: 'tool-call-delta', choice: 0, index: block.toolIndex, arguments: block.initialInput ?? '{}' });
    } else if (block?.kind === 'json' && !block.sawArguments) {
      emit({ type: 'text-delta', choice: 0, text: '{}' });
    } else if (block?.kind === 'thinking') {
      emit({ type: 'reasoning-block', choice: 0, block: { type: 'thinking', thinking: block.thinking, signature: block.signature } });
    }
  };

  const messageDelta = (wire: WireStreamEvent, emit: Emit) => {
    const stopReason = wire.delta?.stop_reason;
    if (stopReason === 'refusal') {
      emit({ type: 'refusal-delta', choice: 0, text: wire.delta?.stop_details?.explanation ?? 'The model refused to answer.' });
    }
    if (stopReason) {
      let reason = mapAnthropicStopReason(stopReason);
      if (reason === 'tool_calls' && sawJson && toolCount === 0) reason = 'stop';
      const stopSequence = wire.delta?.stop_sequence;
      emit({ type: 'finish', choice: 0, reason, ...(stopSequence ? { stopSequence } : {}) });
    }
    if (wire.usage) emit({ type: 'usage', usage: mapAnthropicUsage(mergeStreamUsage(startUsage, wire.usage)) });
  };

  return {
    onMessage(message: SseMessage, emit: Emit) {
      const json = parseJsonData(message.data);
      // No `type`: the `event:` line names it, or it is a bare `{"error":…}` outside SSE framing.
      const eventType = message.event ?? (json && typeof json === 'object' && 'error' in json ? 'error' : undefined);
      const withType = json && typeof json === 'object' && !('type' in json) && eventType ? { ...json, type: eventType } : json;
      const parsed = streamEvent.safeParse(withType);
      if (!parsed.success) {
        return fail(
          emit,
          new GatewayError('upstream', 'The provider sent a stream event the gateway could not read.', {
            code: 'upstream_malformed_chunk',
            retryable: true,
          }),
        );
      }
      const wire = parsed.data;
      switch (wire.type) {
        case 'message_start':
          ensureStart(emit, wire.message?.id, wire.message?.model);
          startUsage = wire.message?.usage ?? undefined;
          if (startUsage) emit({ type: 'usage', usage: mapAnthropicUsage(startUsage) });
          return;
        case 'content_block_start':
          ensureStart(emit);
          return blockStart(wire, emit);
        case 'content_block_delta':
          return blockDelta(wire, emit);
        case 'content_block_stop':
          return blockStop(wire, emit);
        case 'message_delta':
          ensureStart(emit);
          return messageDelta(wire, emit);
        case 'error': {
          const kind = anthropicErrorKind(wire.error?.type) ?? 'upstream';
          const text = scrubSecrets(wire.error?.message ?? 'The provider reported an error mid-stream.');
          return fail(
            emit,
            new GatewayError(kind, text, { code: wire.error?.type ?? 'upstream_stream_error', retryable: retryableKinds.has(kind) }),
          );
        }
        // message_stop, ping and event types added after this adapter was written carry nothing to translate.
      }
    },
    onEnd() {},
  };
}
