import type { Usage } from '../../lib/canonical';
import type { WireUsage } from './wire';

/**
 * Anthropic counts uncached input, cache reads and cache writes apart; the canonical
 * `inputTokens` is their sum, with the cached parts reported alongside (priced apart, 1-hour
 * writes apart from 5-minute ones). `output_tokens` already includes thinking.
 */
export function mapAnthropicUsage(usage: WireUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const result: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
  };
  if (cacheRead > 0) result.cachedInputTokens = cacheRead;
  if (cacheWrite > 0) result.cacheWriteTokens = cacheWrite;
  const hour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  if (hour > 0) result.cacheWrite1hTokens = Math.min(hour, cacheWrite);
  return result;
}

/**
 * Stream usage is split (WIRE-NOTES §4): `message_start` has the input and cache counts and a
 * placeholder output count; `message_delta` has the final cumulative output count and, in
 * recent versions, the input and cache counts again. Prefer the later value of each field.
 */
export function mergeStreamUsage(start: WireUsage | undefined, final: WireUsage): WireUsage {
  return {
    input_tokens: final.input_tokens ?? start?.input_tokens,
    cache_read_input_tokens: final.cache_read_input_tokens ?? start?.cache_read_input_tokens,
    cache_creation_input_tokens: final.cache_creation_input_tokens ?? start?.cache_creation_input_tokens,
    output_tokens: final.output_tokens ?? start?.output_tokens,
    cache_creation: final.cache_creation ?? start?.cache_creation,
  };
}
