/**
 * The usage event: one small message per request that reached a provider (or was served
 * from the response cache), produced after the response and consumed into the ledger.
 * It carries counts and ids only — never message content, never credentials.
 */
import type { Usage } from '../canonical';
import type { Config } from '../config';
import { costNanoUsd, nanoToUsd, priceFor } from '../models/pricing';
import { estimateTokens, estimateUsage } from '../models/tokens';
import type { RequestRecord } from '../pipeline/request-record';
import { MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, MAX_TAGS, USAGE_EVENT_VERSION } from './event-limits';
import type { UsageEvent } from './event-schema';

export { MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, MAX_TAGS, QUEUE_MESSAGE_LIMIT_BYTES, USAGE_EVENT_VERSION } from './event-limits';
export type { UsageEvent } from './event-schema';

/** Did this request cost anything or use a provider? Only those produce usage events. */
export function isAccountable(record: RequestRecord): boolean {
  return record.attempts.length > 0 || record.cache === 'HIT';
}

function outcomeOf(record: RequestRecord): UsageEvent['outcome'] {
  if (record.cancelled) return 'cancelled';
  return record.status >= 200 && record.status < 300 && !record.error ? 'success' : 'failure';
}

/**
 * What the request used: the provider's usage when reported; otherwise, when the model did
 * answer (a stream that broke or was cancelled, a host that reports no usage), the estimate.
 * A request cancelled while its provider was working on it (no answer yet: a non-stream call,
 * a stream before its first byte) used the prompt: admission's estimate of it, marked estimated.
 * A provider that answered with an error, and a cache hit, used no tokens.
 */
export function usageOf(record: RequestRecord): Usage {
  if (record.usage) return record.usage;
  if (record.cache === 'HIT') return { inputTokens: 0, outputTokens: 0 };
  const answered = record.status >= 200 && record.status < 300;
  if (answered) return estimateUsage(record.promptChars ?? 0, record.outputChars ?? 0);
  if (cancelledInFlight(record)) {
    return { inputTokens: record.estimatedPromptTokens ?? estimateTokens(record.promptChars ?? 0), outputTokens: 0, estimated: true };
  }
  return { inputTokens: 0, outputTokens: 0 };
}

/** The code of a client's cancellation (`abortError` in routing/timeouts.ts). */
const CLIENT_CANCELLED = 'client_cancelled';

/**
 * Cancelled while the last attempt waited for its provider: no HTTP status came back, and the
 * attempt did not end on a failure of its own (a timeout, a reset: those carry a code) before
 * the client left. The attempt's code is unset while it runs, null once the abort reached it.
 */
function cancelledInFlight(record: RequestRecord): boolean {
  if (!record.cancelled) return false;
  const last = record.attempts.at(-1);
  return last !== undefined && last.status === 0 && (last.errorCode == null || last.errorCode === CLIENT_CANCELLED);
}

/** The provider and model that served (or last tried) the request: who bills it. */
function servedBy(record: RequestRecord): { provider: string; model: string } {
  return {
    provider: record.provider ?? record.attempts.at(-1)?.provider ?? '',
    model: record.model ?? record.attempts.at(-1)?.model ?? record.requestedModel,
  };
}

/** What the request is billed, in integer nano-dollars; a cache hit costs the provider nothing. */
export function billedCostNanoUsd(record: RequestRecord, config: Config): number {
  if (record.cache === 'HIT') return 0;
  const { provider, model } = servedBy(record);
  return costNanoUsd(usageOf(record), priceFor(provider, model, config, record.receivedAt));
}

function cappedTags(tags: Record<string, string> | undefined): Record<string, string> | null {
  if (!tags) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags).slice(0, MAX_TAGS)) {
    out[key.slice(0, MAX_TAG_KEY_CHARS)] = value.slice(0, MAX_TAG_VALUE_CHARS);
  }
  return out;
}

export function buildUsageEvent(record: RequestRecord, config: Config): UsageEvent {
  const usage = usageOf(record);
  const { provider, model } = servedBy(record);
  const cost = billedCostNanoUsd(record, config);
  const endedAt = record.endedAt ?? record.receivedAt;
  return {
    version: USAGE_EVENT_VERSION,
    requestId: record.requestId,
    keyId: record.keyId,
    at: record.receivedAt,
    provider,
    model,
    endpoint: record.endpoint,
    stream: record.stream,
    status: record.status,
    outcome: outcomeOf(record),
    errorCode: record.error?.code ?? null,
    tokens: {
      prompt: usage.inputTokens,
      completion: usage.outputTokens,
      cached: usage.cachedInputTokens ?? 0,
      cacheWrite: usage.cacheWriteTokens ?? 0,
      reasoning: usage.reasoningTokens ?? 0,
    },
    estimated: usage.estimated === true,
    ...(usage.estimated ? { countedBy: usage.countedBy ?? 'estimate' } : {}),
    costUsd: nanoToUsd(cost),
    costNanoUsd: cost,
    latencyMs: Math.max(0, endedAt - record.receivedAt),
    timeToFirstTokenMs: record.firstByteAt === undefined ? null : Math.max(0, record.firstByteAt - record.receivedAt),
    cacheHit: record.cache === 'HIT',
    attempts: record.attempts.length,
    tags: cappedTags(record.tags),
  };
}
