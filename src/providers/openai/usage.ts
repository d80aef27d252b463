import type { Usage } from '../../lib/canonical';
import type { WireUsage } from './wire';

/**
 * Chat-completions usage → canonical usage. OpenAI counts reasoning inside `completion_tokens`;
 * some compatible hosts (xAI) report `reasoning_tokens` outside it, which shows in their own
 * total: `total_tokens = prompt + completion + reasoning`. Then reasoning is added to output,
 * so every token billed is counted once. Cached tokens are part of `prompt_tokens` everywhere.
 */
export function mapOpenAIUsage(usage: WireUsage): Usage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const reasoningOutside = reasoning > 0 && usage.total_tokens === prompt + completion + reasoning;
  const result: Usage = { inputTokens: prompt, outputTokens: reasoningOutside ? completion + reasoning : completion };
  if (cached > 0) result.cachedInputTokens = cached;
  if (reasoning > 0) result.reasoningTokens = reasoning;
  return result;
}
