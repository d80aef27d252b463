/**
 * A reasoning item's `encrypted_content` as this gateway writes it: the provider's reasoning
 * state that must come back next turn, whichever provider produced it —
 * Anthropic thinking blocks (signature) and redacted blocks, Gemini thought signatures (keyed by
 * the function call they belong to), and unsigned reasoning text (DeepSeek `reasoning_content`).
 *
 * Format: `swb1.` + base64url(JSON). It is opaque to clients, like OpenAI's own, but not secret:
 * it holds only what the provider already returned to this caller. Anything else in
 * `encrypted_content` (OpenAI's encrypted reasoning) is not ours and decodes to `undefined`.
 */
import type { ReasoningBlock } from '../../lib/canonical';

export interface ReasoningState {
  /** Signed or redacted blocks, in order (Anthropic). */
  blocks?: ReasoningBlock[];
  /** Unsigned reasoning text. */
  text?: string;
  /** Function call id → thought signature (Gemini). */
  calls?: Record<string, string>;
}

const PREFIX = 'swb1.';

export function encodeReasoningState(state: ReasoningState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return PREFIX + btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function isBlock(value: unknown): value is ReasoningBlock {
  const block = value as ReasoningBlock | null;
  return typeof block === 'object' && block !== null && (block.type === 'thinking' || block.type === 'redacted_thinking');
}

export function decodeReasoningState(value: string | null | undefined): ReasoningState | undefined {
  if (!value?.startsWith(PREFIX)) return undefined;
  try {
    const base64 = value.slice(PREFIX.length).replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const raw = parsed as Record<string, unknown>;
    const state: ReasoningState = {};
    if (Array.isArray(raw.blocks) && raw.blocks.every(isBlock)) state.blocks = raw.blocks;
    if (typeof raw.text === 'string') state.text = raw.text;
    if (typeof raw.calls === 'object' && raw.calls !== null) {
      state.calls = Object.fromEntries(Object.entries(raw.calls).filter(([, sig]) => typeof sig === 'string')) as Record<string, string>;
    }
    return state;
  } catch {
    return undefined;
  }
}
