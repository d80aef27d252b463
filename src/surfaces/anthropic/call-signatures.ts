/**
 * Gemini thought signatures through Anthropic-surface clients. The surface puts a call's
 * signature on its `tool_use` block (the gateway's `signature` extension), which the official
 * SDK and LangChain hand back; clients that rebuild the history from their own types (the AI
 * SDK's Anthropic provider) keep only what Anthropic defines — thinking blocks with their
 * signature. So the signatures also ride on a thinking block of their own, right before the
 * calls, its signature the token the Responses surface uses for reasoning state (`swb1.`,
 * `{calls: {id: signature}}`, responses/reasoning-state.ts), its thinking empty.
 * On the way in such a block gives each call its signature back and is not reasoning.
 * Anthropic never sees it: a thinking block it did not sign is left out (providers/anthropic).
 */
import type { ToolCall } from '../../lib/canonical';
import { decodeReasoningState, encodeReasoningState } from '../responses/reasoning-state';

/** The carrier block for a turn's calls; undefined when no call is signed. */
export function callSignatureBlock(
  calls: Pick<ToolCall, 'id' | 'signature'>[],
): { type: 'thinking'; thinking: ''; signature: string } | undefined {
  const signed = calls.filter((call) => call.signature).map((call) => [call.id, call.signature as string]);
  if (signed.length === 0) return undefined;
  return { type: 'thinking', thinking: '', signature: encodeReasoningState({ calls: Object.fromEntries(signed) }) };
}

/** The call signatures a thinking block carries, when it is such a carrier. */
export function carriedCallSignatures(signature: string | undefined): Record<string, string> | undefined {
  const state = decodeReasoningState(signature);
  return state?.calls && !state.blocks?.length ? state.calls : undefined;
}
