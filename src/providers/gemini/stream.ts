/**
 * Gemini `streamGenerateContent?alt=sse` → canonical events (WIRE-NOTES §5). Each chunk is a
 * whole `GenerateContentResponse`: text parts are deltas; `thought: true` parts are reasoning;
 * function calls arrive whole (several may share a chunk), so each becomes a start plus one
 * arguments delta; a thought signature on any other part becomes a reasoning block after the
 * part's text (text-signatures.ts); `usageMetadata` is a cumulative snapshot repeated on every chunk, so only
 * the last one is reported, once, when the stream ends (there is no `[DONE]`: it just ends).
 * A blocked prompt is a chunk with no candidates and a `promptFeedback.blockReason`: it
 * finishes the stream with `content_filter`.
 * Some streams repeat `finishReason: "STOP"` on every chunk, so a finish is only noted when it
 * arrives and emitted once per choice when the stream ends (the last reason reported wins);
 * a stream that fails instead (a bare `{"error":…}` after the chunks) therefore never finishes.
 */
import type { FinishReason } from '../../lib/canonical';
import { GatewayError } from '../../lib/http/errors';
import { toUpstreamError } from '../../lib/http/upstream-errors';
import { DONE_SENTINEL, parseJsonData } from '../../lib/streams/sse';
import type { Emit, SseMessage, StreamDecoder, Target } from '../types';
import { parsedGeminiStatus } from './error';
import { mapGeminiFinishReason } from './finish-reason';
import { textSignatureBlock } from './text-signatures';
import { geminiToolCallId } from './tool-call-id';
import { mapGeminiUsage } from './usage';
import { generateContentResponse, statusBody, type WireCandidate, type WireUsageMetadata } from './wire';

interface ChoiceState {
  toolCalls: number;
  /** Visible text so far (UTF-16 units): where a signed text part starts and ends. */
  textLength: number;
  /** The last finish the provider reported, emitted when the stream ends. */
  finish: ((calledTools: boolean) => FinishReason) | undefined;
}

export function createGeminiStreamDecoder(target: Target): StreamDecoder {
  let responseId: string | undefined;
  let usage: WireUsageMetadata | undefined;
  const choices = new Map<number, ChoiceState>();

  const choiceState = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = { toolCalls: 0, textLength: 0, finish: undefined };
      choices.set(index, state);
    }
    return state;
  };

  const finish = (index: number, reason: (calledTools: boolean) => FinishReason) => {
    choiceState(index).finish = reason;
  };

  const onCandidate = (candidate: WireCandidate, position: number, emit: Emit, id: string) => {
    const index = candidate.index ?? position;
    const state = choiceState(index);
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) {
        const toolIndex = state.toolCalls++;
        const callId = part.functionCall.id || geminiToolCallId(id, index, toolIndex);
        const start = { type: 'tool-call-start', choice: index, index: toolIndex, id: callId, name: part.functionCall.name } as const;
        emit(part.thoughtSignature ? { ...start, signature: part.thoughtSignature } : start);
        emit({ type: 'tool-call-delta', choice: index, index: toolIndex, arguments: JSON.stringify(part.functionCall.args ?? {}) });
        continue;
      }
      const start = state.textLength;
      if (part.text) {
        emit({ type: part.thought ? 'reasoning-delta' : 'text-delta', choice: index, text: part.text });
        if (!part.thought) state.textLength += part.text.length;
      }
      if (part.thoughtSignature) {
        emit({
          type: 'reasoning-block',
          choice: index,
          block: textSignatureBlock(start, state.textLength, state.toolCalls, part.thoughtSignature),
        });
      }
    }
    const reason = candidate.finishReason;
    if (reason) finish(index, (calledTools) => mapGeminiFinishReason(reason, calledTools));
  };

  return {
    onMessage(message: SseMessage, emit: Emit) {
      const data = message.data.trim();
      if (data === '' || data === DONE_SENTINEL) return;
      const json = parseJsonData(data);
      const failure = statusBody.safeParse(json);
      if (failure.success) {
        // A stream error's code is google.rpc's, not always an HTTP status (499 CANCELLED).
        const code = failure.data.error.code ?? 500;
        const status = code >= 400 && code < 600 && code !== 499 ? code : 502;
        emit({
          type: 'error',
          error: toUpstreamError(
            target.provider,
            status,
            parsedGeminiStatus(failure.data.error),
            target.apiKey,
            target.callerCredential ? 'caller' : 'gateway',
          ),
        });
        return;
      }
      const parsed = generateContentResponse.safeParse(json);
      if (!parsed.success) {
        const error = new GatewayError('upstream', 'The provider sent a stream chunk the gateway could not read.', {
          code: 'upstream_malformed_chunk',
          retryable: true,
        });
        emit({ type: 'error', error });
        return;
      }
      const wire = parsed.data;
      if (responseId === undefined) {
        responseId = wire.responseId || `chatcmpl-${crypto.randomUUID()}`;
        emit({ type: 'start', id: responseId, model: wire.modelVersion ?? target.model, created: Math.floor(Date.now() / 1000) });
      }
      const id = responseId;
      const candidates = wire.candidates ?? [];
      candidates.forEach((candidate, position) => {
        onCandidate(candidate, position, emit, id);
      });
      if (candidates.length === 0 && wire.promptFeedback?.blockReason) finish(0, () => 'content_filter');
      if (wire.usageMetadata) usage = wire.usageMetadata;
    },
    onEnd(emit: Emit) {
      for (const [index, state] of choices) {
        if (state.finish) emit({ type: 'finish', choice: index, reason: state.finish(state.toolCalls > 0) });
      }
      if (usage) emit({ type: 'usage', usage: mapGeminiUsage(usage) });
    },
  };
}
