import type { Usage } from '../../lib/canonical';

/** Canonical usage → OpenAI's `usage` object. */
export function toOpenAIUsage(usage: Usage): Record<string, unknown> {
  const result: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
  if (usage.cacheWriteTokens) (result.prompt_tokens_details as Record<string, number>).cache_write_tokens = usage.cacheWriteTokens;
  if (usage.estimated) result.estimated = true;
  return result;
}
