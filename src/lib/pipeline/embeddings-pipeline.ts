/**
 * `POST /v1/embeddings` through the same steps as chat: admit → resolve the target → call →
 * after-response (limiter settlement, accounting), with the request recorded like chat's.
 * Usage the provider does not report (Gemini) is estimated and marked as such.
 */
import type { Context } from 'hono';
import type { EmbeddingsRequest, EmbeddingsResult } from '../../providers/types';
import type { Usage } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { toGatewayError } from '../http/error-response';
import { gatewayHeaders } from '../http/gateway-headers';
import { addResponseHeaders } from '../http/response-headers';
import { callerCredentials } from '../keys/provider-credentials';
import { admitDemand } from '../limits/admission';
import { estimateTextTokens } from '../models/tokens';
import { callerTarget } from '../routing/caller-credentials';
import { afterResponse } from './after-response';
import { defer, newRecord } from './chat-pipeline';
import { clientSignal, once, settleIfClientLeaves } from './client-gone';
import { callEmbeddings } from './embeddings-dispatch';
import type { AttemptRecord } from './request-record';

export function estimateEmbeddingsUsage(input: EmbeddingsRequest['input']): Usage {
  const items: (string | number | number[])[] = typeof input === 'string' ? [input] : input;
  let tokens = 0;
  for (const item of items) {
    if (typeof item === 'string') tokens += Math.max(1, estimateTextTokens(item));
    else tokens += Array.isArray(item) ? item.length : 1;
  }
  return { inputTokens: tokens, outputTokens: 0, estimated: true };
}

export async function runEmbeddingsPipeline(c: Context<AppEnv>, request: EmbeddingsRequest): Promise<Required<EmbeddingsResult>> {
  const record = newRecord(c, 'embeddings', request);
  record.estimatedPromptTokens = estimateEmbeddingsUsage(request.input).inputTokens;
  const admission = await admitDemand(c, { model: request.model, promptTokens: record.estimatedPromptTokens, outputTokens: 0 });
  // A client that leaves while the provider works: settled at once, as chat is (client-gone.ts).
  const finish = once(() => defer(c, afterResponse({ env: c.env, record, admission })));
  const responding = settleIfClientLeaves(c, record, finish);
  try {
    const target = await callerTarget(request.model, getConfig(c.env), callerCredentials(c.env, c.get('key')));
    const attempt: AttemptRecord = { provider: target.provider, model: target.model, startedAt: Date.now(), status: 0 };
    record.attempts.push(attempt);
    let result: EmbeddingsResult;
    try {
      result = await callEmbeddings(request, target, clientSignal(c));
      attempt.status = 200;
    } catch (error) {
      const upstream = error as { upstreamStatus?: number; code?: string | null; retryable?: boolean };
      Object.assign(attempt, {
        status: upstream.upstreamStatus ?? 0,
        errorCode: upstream.code ?? null,
        retryable: upstream.retryable ?? false,
      });
      throw error;
    } finally {
      attempt.endedAt = Date.now();
    }
    const usage = result.usage ?? estimateEmbeddingsUsage(request.input);
    Object.assign(record, { provider: target.provider, model: target.model, status: 200, usage });
    record.firstByteAt = record.endedAt = Date.now();
    addResponseHeaders(c, gatewayHeaders(target, record.attempts.length));
    return { ...result, usage };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    if (c.req.raw.signal.aborted) record.cancelled = true;
    record.status = error.status;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    record.endedAt = Date.now();
    throw error;
  } finally {
    responding();
    finish();
  }
}
