/**
 * Thinking blocks the gateway made for another provider, which Anthropic cannot verify and
 * would refuse: OpenAI encrypted reasoning (`openai-reasoning:`), Gemini text-part signatures
 * (`gemini-text:`) and the gateway's own reasoning-state token (`swb1.`: Gemini call signatures
 * carried through Anthropic-surface clients, surfaces/anthropic/call-signatures.ts).
 */
import { isGeminiTextSignature } from '../gemini/text-signatures';
import { OPENAI_REASONING_PREFIX } from '../openai/responses/reasoning';

/** The prefix of surfaces/responses/reasoning-state.ts (providers do not import surfaces). */
const GATEWAY_STATE_PREFIX = 'swb1.';

export function isForeignSignature(signature: string | undefined): boolean {
  if (!signature) return false;
  return signature.startsWith(OPENAI_REASONING_PREFIX) || signature.startsWith(GATEWAY_STATE_PREFIX) || isGeminiTextSignature(signature);
}
