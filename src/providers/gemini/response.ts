/**
 * Gemini `GenerateContentResponse` → canonical result. Thought parts become reasoning, function
 * calls become tool calls (arguments serialised once, ids synthesised when Gemini sends none,
 * `thoughtSignature` kept as the call's signature; a signature on any other part is kept as a
 * reasoning block saying where the part was, text-signatures.ts). A blocked prompt has no candidates, only
 * `promptFeedback.blockReason`: it becomes one empty choice finished by `content_filter`.
 */

import type { ChatResult, ReasoningBlock, ResultChoice, ToolCall } from '../../lib/canonical';
import { readWire } from '../read-wire';
import type { Target } from '../types';
import { mapGeminiFinishReason } from './finish-reason';
import { textSignatureBlock } from './text-signatures';
import { geminiToolCallId } from './tool-call-id';
import { mapGeminiUsage } from './usage';
import { generateContentResponse, type WireCandidate } from './wire';

function toChoice(candidate: WireCandidate, position: number, responseId: string): ResultChoice {
  const index = candidate.index ?? position;
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  const signedParts: ReasoningBlock[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const call: ToolCall = {
        id: part.functionCall.id || geminiToolCallId(responseId, index, toolCalls.length),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      };
      if (part.thoughtSignature) call.signature = part.thoughtSignature;
      toolCalls.push(call);
      continue;
    }
    const start = text.length;
    if (part.text) {
      if (part.thought) reasoning += part.text;
      else text += part.text;
    }
    if (part.thoughtSignature) signedParts.push(textSignatureBlock(start, text.length, toolCalls.length, part.thoughtSignature));
  }
  const message: ResultChoice['message'] = { content: text || null };
  if (reasoning) message.reasoning = reasoning;
  if (signedParts.length) {
    // The thought text shows on the first block, as a stream shows it before the signature.
    const [first, ...rest] = signedParts as [ReasoningBlock, ...ReasoningBlock[]];
    message.reasoningBlocks = [{ ...first, thinking: reasoning }, ...rest];
  }
  if (toolCalls.length) message.toolCalls = toolCalls;
  const finishReason = mapGeminiFinishReason(candidate.finishReason ?? 'STOP', toolCalls.length > 0);
  return { index, message, finishReason };
}

export function parseGeminiChatResponse(body: unknown, target: Target): ChatResult {
  const wire = readWire(generateContentResponse, body, 'a Gemini response');
  const id = wire.responseId || `chatcmpl-${crypto.randomUUID()}`;
  const candidates = wire.candidates ?? [];
  const choices: ResultChoice[] = candidates.length
    ? candidates.map((candidate, position) => toChoice(candidate, position, id))
    : [{ index: 0, message: { content: null }, finishReason: wire.promptFeedback?.blockReason ? 'content_filter' : 'stop' }];
  const result: ChatResult = { id, model: wire.modelVersion ?? target.model, created: Math.floor(Date.now() / 1000), choices };
  if (wire.usageMetadata) result.usage = mapGeminiUsage(wire.usageMetadata);
  return result;
}
