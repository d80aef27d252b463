/**
 * OpenAI-compatible SSE → canonical events. Handles the hosts' variations (WIRE-NOTES §1–2):
 * usage on a trailing `choices: []` chunk or on the finish chunk; tool-call fragments keyed by
 * `index` (or no index at all, Mistral); names never overwritten by empty continuations;
 * reasoning as `reasoning_content`, `reasoning` or Mistral's content array; Azure's empty
 * first chunk; mid-stream `{"error":…}` payloads.
 */
import { GatewayError } from '../../lib/http/errors';
import { scrubSecrets } from '../../lib/http/upstream-errors';
import { DONE_SENTINEL, parseJsonData } from '../../lib/streams/sse';
import type { Emit, SseMessage, StreamDecoder } from '../types';
import { splitContent } from './content';
import { mapOpenAIFinishReason } from './finish-reason';
import { mapOpenAIUsage } from './usage';
import { chunk as chunkSchema, type WireChunk } from './wire';

interface ChoiceState {
  /** wire tool index → canonical index, for calls already started. */
  tools: Map<number, number>;
  lastToolIndex: number;
  lastId: string | undefined;
}

export function createOpenAIStreamDecoder(): StreamDecoder {
  let started = false;
  let sawDone = false;
  const choices = new Map<number, ChoiceState>();

  const choiceState = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = { tools: new Map(), lastToolIndex: -1, lastId: undefined };
      choices.set(index, state);
    }
    return state;
  };

  const ensureStart = (wire: WireChunk, emit: Emit) => {
    if (started) return;
    started = true;
    emit({
      type: 'start',
      id: wire.id || `chatcmpl-${crypto.randomUUID()}`,
      model: wire.model ?? '',
      created: wire.created || Math.floor(Date.now() / 1000),
      systemFingerprint: wire.system_fingerprint,
      serviceTier: wire.service_tier,
    });
  };

  const fail = (emit: Emit, message: string, code = 'upstream_stream_error') =>
    emit({ type: 'error', error: new GatewayError('upstream', message, { code, retryable: true }) });

  return {
    onMessage(message: SseMessage, emit: Emit) {
      if (sawDone) return;
      const data = message.data.trim();
      if (data === DONE_SENTINEL) {
        sawDone = true;
        return;
      }
      const parsed = chunkSchema.safeParse(parseJsonData(data));
      if (!parsed.success) return fail(emit, 'The provider sent a stream chunk the gateway could not read.', 'upstream_malformed_chunk');
      const wire = parsed.data;
      if (wire.error || message.event === 'error') {
        const text = wire.error?.message ?? 'The provider reported an error mid-stream.';
        return fail(emit, scrubSecrets(text));
      }
      const wireChoices = wire.choices ?? [];
      // Azure's first chunk carries only prompt filter results and an empty id.
      if (!started && wireChoices.length === 0 && !wire.id && !wire.usage) return;
      ensureStart(wire, emit);

      for (const choice of wireChoices) {
        const index = choice.index ?? 0;
        const delta = choice.delta;
        if (delta) {
          const { text, reasoning } = splitContent(delta.content);
          const reasoningText = delta.reasoning_content ?? delta.reasoning ?? reasoning;
          if (reasoningText) emit({ type: 'reasoning-delta', choice: index, text: reasoningText });
          if (text) {
            if (choice.logprobs != null) emit({ type: 'text-delta', choice: index, text, logprobs: choice.logprobs });
            else emit({ type: 'text-delta', choice: index, text });
          }
          if (delta.refusal) emit({ type: 'refusal-delta', choice: index, text: delta.refusal });
          if (delta.tool_calls) {
            const state = choiceState(index);
            for (const call of delta.tool_calls) {
              let wireIndex = call.index;
              if (wireIndex == null) {
                // No index (Mistral sends whole calls): a new id starts a new call, else continue the last.
                const startsNew = state.tools.size === 0 || (call.id != null && call.id !== state.lastId);
                wireIndex = startsNew ? -1 - state.tools.size : state.lastToolIndex;
              }
              let toolIndex = state.tools.get(wireIndex);
              if (toolIndex === undefined) {
                toolIndex = state.tools.size;
                state.tools.set(wireIndex, toolIndex);
                emit({
                  type: 'tool-call-start',
                  choice: index,
                  index: toolIndex,
                  id: call.id || `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
                  name: call.function?.name ?? '',
                });
              }
              state.lastToolIndex = wireIndex;
              if (call.id) state.lastId = call.id;
              const args = call.function?.arguments;
              if (args) emit({ type: 'tool-call-delta', choice: index, index: toolIndex, arguments: args });
            }
          }
          if (delta.function_call) {
            const state = choiceState(index);
            if (state.tools.size === 0 && delta.function_call.name) {
              state.tools.set(0, 0);
              emit({ type: 'tool-call-start', choice: index, index: 0, id: 'function_call', name: delta.function_call.name });
            }
            if (delta.function_call.arguments) {
              emit({ type: 'tool-call-delta', choice: index, index: 0, arguments: delta.function_call.arguments });
            }
          }
        }
        if (choice.finish_reason) emit({ type: 'finish', choice: index, reason: mapOpenAIFinishReason(choice.finish_reason) });
      }
      if (wire.usage && wire.usage.prompt_tokens != null) emit({ type: 'usage', usage: mapOpenAIUsage(wire.usage) });
    },
    onEnd() {},
  };
}
