/**
 * Canonical events → Anthropic Messages SSE, the exact event sequence the Anthropic SDKs parse:
 *
 *   message_start, ping, (content_block_start, content_block_delta*, content_block_stop)*,
 *   message_delta {stop_reason, stop_sequence, usage}, message_stop
 *
 * - One block is open at a time, indexes count up from 0 in one space shared by text,
 *   thinking and tool_use blocks; a block closes before the next one opens.
 * - `message_start` waits for the first content event, so usage that a provider reports up
 *   front (Anthropic) is in it; otherwise its usage is zero. The final counts always go in
 *   `message_delta.usage`, which the SDK copies over `message_start`'s: it is sent only when the
 *   stream has ended, because OpenAI-style providers report usage after the finish event.
 * - A canonical `error` becomes `event: error` with Anthropic's error envelope and nothing
 *   follows it (no `message_stop`), as Anthropic's own API does.
 * - Tool-call arguments are forwarded as `input_json_delta` fragments exactly as produced.
 *   A fragment for a tool block already closed (a provider interleaving parallel calls)
 *   cannot be expressed in this format and ends the stream with an error, never silently.
 */

import type { ChatStreamEvent, FinishReason, ReasoningBlock, Usage } from '../../lib/canonical';
import { errorBody } from '../../lib/http/error-response';
import { GatewayError } from '../../lib/http/errors';
import { batchEncoder, type SurfaceStreamEncoder } from '../../lib/streams/batch-encoder';
import { encodeSse } from '../../lib/streams/sse';
import type { EventBatch } from '../../lib/streams/stream-pipeline';
import { callSignatureBlock } from './call-signatures';
import { messageId, reasoningContentBlock } from './response';
import { toAnthropicStop } from './stop-reason';
import { toAnthropicUsage } from './usage';

export interface AnthropicStreamOptions {
  requestId: string;
  /** The caller's `stop_sequences`, to tell a stop sequence from a natural end. */
  stopSequences?: string[] | undefined;
}

type BlockKind = 'text' | 'thinking' | 'tool';
interface OpenBlock {
  index: number;
  kind: BlockKind;
  /** Canonical tool index, for tool blocks. */
  tool?: number;
}

type StartEvent = Extract<ChatStreamEvent, { type: 'start' }>;

export function anthropicStreamEncoder(options: AnthropicStreamOptions): TransformStream<EventBatch, Uint8Array> {
  return batchEncoder(anthropicEventEncoder(options));
}

/** Canonical event → Anthropic SSE text; per-stream state lives here. */
export function anthropicEventEncoder(options: AnthropicStreamOptions): SurfaceStreamEncoder {
  let out = '';
  let start: StartEvent | undefined;
  let messageStarted = false;
  let open: OpenBlock | undefined;
  let nextIndex = 0;
  const toolsSeen = new Set<number>();
  let usage: Usage | undefined;
  let finish: { reason: FinishReason; stopSequence?: string | undefined } | undefined;
  let refused = false;
  let failed = false;

  const send = (event: string, payload: Record<string, unknown>) => {
    out += encodeSse(JSON.stringify(payload), event);
  };

  const ensureMessageStart = () => {
    if (messageStarted) return;
    messageStarted = true;
    const message = {
      id: messageId(start?.id ?? ''),
      type: 'message',
      role: 'assistant',
      model: start?.model ?? '',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(usage),
    };
    send('message_start', { type: 'message_start', message });
    send('ping', { type: 'ping' });
  };

  const close = () => {
    if (!open) return;
    send('content_block_stop', { type: 'content_block_stop', index: open.index });
    open = undefined;
  };

  const openBlock = (kind: BlockKind, contentBlock: Record<string, unknown>, tool?: number): OpenBlock => {
    close();
    open = { index: nextIndex++, kind, ...(tool !== undefined ? { tool } : {}) };
    send('content_block_start', { type: 'content_block_start', index: open.index, content_block: contentBlock });
    return open;
  };

  const delta = (block: OpenBlock, payload: Record<string, unknown>) =>
    send('content_block_delta', { type: 'content_block_delta', index: block.index, delta: payload });

  const textBlock = () => (open?.kind === 'text' ? open : openBlock('text', { type: 'text', text: '' }));
  const thinkingBlock = () => (open?.kind === 'thinking' ? open : openBlock('thinking', { type: 'thinking', thinking: '', signature: '' }));

  const reasoningBlock = (block: ReasoningBlock) => {
    if (block.type === 'redacted_thinking') {
      openBlock('thinking', reasoningContentBlock(block));
      return close();
    }
    const streamed = open?.kind === 'thinking';
    const target = thinkingBlock();
    if (!streamed && block.thinking) delta(target, { type: 'thinking_delta', thinking: block.thinking });
    if (block.signature) delta(target, { type: 'signature_delta', signature: block.signature });
    close();
  };

  const fail = (error: GatewayError) => {
    failed = true;
    send('error', errorBody(error, 'anthropic', options.requestId));
  };

  const handle = (event: ChatStreamEvent) => {
    switch (event.type) {
      case 'start':
        start = event;
        return;
      case 'usage':
        usage = event.usage;
        return;
      case 'error':
        return fail(event.error);
    }
    if (event.choice !== 0) return; // Anthropic has one choice; the surface never asks for more.
    ensureMessageStart();
    switch (event.type) {
      case 'text-delta':
        if (event.text) delta(textBlock(), { type: 'text_delta', text: event.text });
        return;
      case 'refusal-delta':
        refused = true;
        if (event.text) delta(textBlock(), { type: 'text_delta', text: event.text });
        return;
      case 'reasoning-delta':
        if (event.text) delta(thinkingBlock(), { type: 'thinking_delta', thinking: event.text });
        return;
      case 'reasoning-block':
        return reasoningBlock(event.block);
      case 'tool-call-start': {
        toolsSeen.add(event.index);
        const carrier = callSignatureBlock([event]);
        if (carrier) reasoningBlock(carrier);
        openBlock(
          'tool',
          { type: 'tool_use', id: event.id, name: event.name, input: {}, ...(event.signature ? { signature: event.signature } : {}) },
          event.index,
        );
        return;
      }
      case 'tool-call-delta':
        if (open?.kind === 'tool' && open.tool === event.index) {
          if (event.arguments) delta(open, { type: 'input_json_delta', partial_json: event.arguments });
          return;
        }
        return fail(
          new GatewayError('upstream', 'The provider sent tool-call arguments out of order; they cannot be streamed in Anthropic format.', {
            code: toolsSeen.has(event.index) ? 'interleaved_tool_arguments' : 'tool_arguments_without_tool',
            retryable: true,
          }),
        );
      case 'finish':
        finish = { reason: event.reason, stopSequence: event.stopSequence };
        return close();
    }
  };

  const take = () => {
    const text = out;
    out = '';
    return text;
  };

  return {
    encode(event) {
      if (failed) return '';
      handle(event);
      return take();
    },
    finish() {
      if (failed) return '';
      ensureMessageStart();
      close();
      const stop = toAnthropicStop({
        reason: finish?.reason,
        stopSequence: finish?.stopSequence,
        requested: options.stopSequences,
        refused,
      });
      send('message_delta', { type: 'message_delta', delta: stop, usage: toAnthropicUsage(usage) });
      send('message_stop', { type: 'message_stop' });
      return take();
    },
  };
}
