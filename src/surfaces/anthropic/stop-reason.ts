import type { FinishReason } from '../../lib/canonical';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface StopFacts {
  reason: FinishReason | null | undefined;
  /** The stop sequence the provider reported, if it reports one. */
  stopSequence?: string | undefined;
  /** The caller's `stop_sequences`. */
  requested?: string[] | undefined;
  /** The model refused (an OpenAI-style `refusal`). */
  refused?: boolean;
}

/**
 * Canonical finish → Anthropic `stop_reason` and `stop_sequence`. `stop_sequence` is set only
 * when the provider names the sequence and it is one the caller asked for; OpenAI-style
 * providers never say which stop matched, so their stops read as `end_turn`.
 */
export function toAnthropicStop(facts: StopFacts): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  switch (facts.reason) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    default: {
      if (facts.refused) return { stop_reason: 'refusal', stop_sequence: null };
      const matched = facts.stopSequence !== undefined && facts.requested?.includes(facts.stopSequence);
      return matched
        ? { stop_reason: 'stop_sequence', stop_sequence: facts.stopSequence ?? null }
        : { stop_reason: 'end_turn', stop_sequence: null };
    }
  }
}
