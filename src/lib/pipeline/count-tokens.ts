/**
 * Exact prompt counts where they exist: `count_tokens` asks the target provider's own counting
 * endpoint (Anthropic `count_tokens`, Gemini `countTokens`; adapters declare `countTokens`) and
 * answers `estimated: false`; otherwise, or when that call fails, the caller's estimate with
 * `estimated: true`. The call is free at the provider, but it is a provider call like any
 * other: one attempt in the record and one usage event (zero tokens, zero cost).
 */
import type { Context } from 'hono';
import { adapters } from '../../providers/registry';
import type { ChatRequest } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { toGatewayError } from '../http/error-response';
import { UpstreamError } from '../http/errors';
import { checkRequestedModel } from '../limits/admission';
import { resolveModel } from '../models/model-resolution';
import { afterResponse } from './after-response';
import { toTarget } from './chat-dispatch';
import { defer, newRecord } from './chat-pipeline';
import { clientSignal } from './client-gone';
import { postToProvider, readProviderJson } from './provider-fetch';
import type { AttemptRecord } from './request-record';

export interface TokenCount {
  inputTokens: number;
  /** False when the provider counted; true for the gateway's estimate. */
  estimated: boolean;
}

const notAdmitted = { settle: async () => {} };

export async function countPromptTokens(c: Context<AppEnv>, request: ChatRequest, estimate: () => number): Promise<TokenCount> {
  const estimated = (): TokenCount => ({ inputTokens: estimate(), estimated: true });
  checkRequestedModel(c, request.model);
  const resolved = resolveModel(request.model, getConfig(c.env));
  if (!resolved.ok) return estimated();
  const target = toTarget(resolved.value);
  const adapter = adapters[target.adapter];
  if (!adapter?.countTokens) return estimated();

  const record = newRecord(c, 'count_tokens', request);
  Object.assign(record, { provider: target.provider, model: target.model });
  const attempt: AttemptRecord = { provider: target.provider, model: target.model, startedAt: Date.now(), status: 0 };
  record.attempts.push(attempt);
  try {
    const spec = adapter.countTokens.buildRequest({ ...request, stream: false }, target);
    const signal = clientSignal(c);
    const response = await postToProvider(spec, target, adapter, { signal });
    const inputTokens = adapter.countTokens.parseResponse(await readProviderJson(response, target, { signal }));
    attempt.status = 200;
    record.usage = { inputTokens: 0, outputTokens: 0 };
    return { inputTokens, estimated: false };
  } catch (thrown) {
    // The count is advisory: a provider that cannot count now still gets the caller an estimate.
    const error = toGatewayError(thrown);
    attempt.status = error instanceof UpstreamError ? error.upstreamStatus : 0;
    attempt.errorCode = error.code;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    return estimated();
  } finally {
    record.status = 200;
    attempt.endedAt = record.endedAt = record.firstByteAt = Date.now();
    defer(c, afterResponse({ env: c.env, record, admission: notAdmitted }));
  }
}
