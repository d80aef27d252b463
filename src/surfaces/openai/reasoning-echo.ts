/**
 * Reasoning state through chat completions clients that keep only what they understand.
 *
 * The chat surface hands a turn's reasoning back in two gateway extensions: `thinking_blocks`
 * on the message (Anthropic thinking and redacted blocks, OpenAI encrypted reasoning, Gemini
 * text-part signatures) and `signature` on each tool call (a Gemini thought signature). Many
 * clients keep a tool call's unknown keys but not the message's: the OpenAI Agents SDK copies a
 * call's extra keys onto the call *and* onto the assistant message it rebuilds (so `signature`
 * comes back at message level too), and drops `thinking_blocks` of a turn without text.
 *
 * So when a turn has reasoning blocks and tool calls, its first call's `signature` carries the
 * whole reasoning state instead, as the same self-describing token the Responses surface uses
 * for `encrypted_content` (`swb1.` + base64url JSON: `{blocks, calls}`, reasoning-state.ts).
 * On the way in, {@link restoreEchoedReasoning} maps what came back onto what it belongs to:
 *  - a token (on a call or on the message) → the message's `thinking_blocks` (when it has
 *    none) and each call's own signature;
 *  - a plain message-level `signature` (a Gemini thought signature copied off its call) → the
 *    first call, when no call kept one (Gemini signs the first call of a step);
 *  - the message-level key itself is removed: no provider has such a field.
 */
import type { ReasoningBlock, ToolCall } from '../../lib/canonical';
import type { ChatMessage, ChatRequest } from '../../lib/chat-request-schema';
import { decodeReasoningState, encodeReasoningState } from '../responses/reasoning-state';

/** The first call's signature when the turn has reasoning blocks: the turn's whole reasoning state. */
export function firstCallSignature(blocks: ReasoningBlock[] | undefined, calls: Pick<ToolCall, 'id' | 'signature'>[]): string | undefined {
  const first = calls[0];
  if (!first) return undefined;
  if (!blocks?.length) return first.signature;
  const signed = calls.filter((call) => call.signature).map((call) => [call.id, call.signature as string]);
  return encodeReasoningState({ blocks, ...(signed.length ? { calls: Object.fromEntries(signed) } : {}) });
}

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

function restoreMessage(message: AssistantMessage): AssistantMessage {
  const { signature: messageSignature, ...rest } = message;
  const calls = rest.tool_calls;
  const tokens = [messageSignature, ...(calls ?? []).map((call) => call.signature)];
  const states = tokens.map(decodeReasoningState).filter((state) => state !== undefined);
  if (messageSignature === undefined && states.length === 0) return message;
  const out: AssistantMessage = { ...rest };
  const blocks = states.find((state) => state.blocks?.length)?.blocks;
  if (blocks && !out.thinking_blocks?.length) out.thinking_blocks = blocks;
  if (calls) {
    const own: Record<string, string> = Object.assign({}, ...states.map((state) => state.calls ?? {}));
    out.tool_calls = calls.map((call) => {
      const { signature, ...bare } = call;
      const kept = signature !== undefined && decodeReasoningState(signature) === undefined ? signature : own[call.id];
      return kept ? { ...bare, signature: kept } : bare;
    });
    const plain = messageSignature !== undefined && decodeReasoningState(messageSignature) === undefined ? messageSignature : undefined;
    const first = out.tool_calls[0];
    if (plain && first && !out.tool_calls.some((call) => call.signature)) out.tool_calls[0] = { ...first, signature: plain };
  }
  return out;
}

/** The request with echoed reasoning state put back where it belongs (see the module comment). */
export function restoreEchoedReasoning(request: ChatRequest): ChatRequest {
  let changed = false;
  const messages = request.messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const restored = restoreMessage(message);
    if (restored !== message) changed = true;
    return restored;
  });
  return changed ? { ...request, messages } : request;
}
