import type { Usage } from '../../lib/canonical';
import type { WireUsage } from './wire';

export function mapOpenAIUsage(usage: WireUsage): Usage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const result: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
  };
  if (cached > 0) result.cachedInputTokens = cached;
  if (reasoning > 0) result.reasoningTokens = reasoning;
  return result;
}
