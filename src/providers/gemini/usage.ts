import type { Usage } from '../../lib/canonical';
import type { WireUsageMetadata } from './wire';

/**
 * `usageMetadata` → canonical usage. `thoughtsTokenCount` is reported outside
 * `candidatesTokenCount` and billed as output, so it is added (as OpenAI counts reasoning inside
 * completion tokens); tool-use prompt tokens are input; `cachedContentTokenCount` is part of
 * `promptTokenCount`. The snapshot is cumulative, so callers take the last one.
 */
export function mapGeminiUsage(usage: WireUsageMetadata): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const cached = usage.cachedContentTokenCount ?? 0;
  const result: Usage = {
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
  };
  if (thoughts > 0) result.reasoningTokens = thoughts;
  if (cached > 0) result.cachedInputTokens = cached;
  return result;
}
