import type { FinishReason } from '../../lib/canonical';

/**
 * Anthropic `stop_reason` → canonical finish reason. `pause_turn` (a server tool paused a long
 * turn) reads as `stop`: the caller continues by sending the turn back. Unknown values read as `stop`.
 */
export function mapAnthropicStopReason(reason: string): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
