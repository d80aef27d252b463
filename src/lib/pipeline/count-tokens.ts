/**
 * Prompt counts, most exact first:
 *  1. the target provider's own counting endpoint (Anthropic `count_tokens`, Gemini
 *     `countTokens`, OpenAI `responses/input_tokens`; declared in providers/auxiliary-registry.ts):
 *     `estimated: false`, `counted_by: "provider"`;
 *  2. for an OpenAI-family model (a compatible host or Azure serving one, or a count call that
 *     failed), OpenAI's BPE tokenizer, loaded lazily (models/bpe-tokenizer.ts):
 *     `estimated: true`, `counted_by: "tokenizer"` (the text is exact; message framing and media
 *     are the estimate's);
 *  3. otherwise the caller's ~4-characters-per-token estimate: `counted_by: "estimate"`.
 * The provider call is free at the provider, but it is a provider call like any other: one
 * attempt in the record and one usage event (zero tokens, zero cost).
 */
import type { Context } from 'hono';
import { auxiliaryRoles } from '../../providers/auxiliary-registry';
import { adapters, loadAdapters } from '../../providers/registry';
import type { Target } from '../../providers/types';
import type { ChatRequest } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { toGatewayError } from '../http/error-response';
import { UpstreamError } from '../http/errors';
import { checkRequestedModel } from '../limits/admission';
import { countPromptWith } from '../models/bpe-count';
import { tokenizerFor } from '../models/bpe-tokenizer';
import { resolveModel } from '../models/model-resolution';
import { afterResponse } from './after-response';
import { toTarget } from './chat-dispatch';
import { defer, newRecord } from './chat-pipeline';
import { clientSignal } from './client-gone';
import { postToProvider, readProviderJson } from './provider-fetch';
import type { AttemptRecord } from './request-record';

export type CountedBy = 'provider' | 'tokenizer' | 'estimate';

export interface TokenCount {
  inputTokens: number;
  /** False when the provider counted; true for the gateway's own count. */
  estimated: boolean;
  countedBy: CountedBy;
}

const notAdmitted = { settle: async () => {} };

export async function countPromptTokens(c: Context<AppEnv>, request: ChatRequest, estimate: () => number): Promise<TokenCount> {
  checkRequestedModel(c, request.model);
  const resolved = resolveModel(request.model, getConfig(c.env));
  const target = resolved.ok ? toTarget(resolved.value) : undefined;
  const exact = target ? await askProvider(c, request, target) : undefined;
  if (exact !== undefined) return { inputTokens: exact, estimated: false, countedBy: 'provider' };
  const tokenizer = await tokenizerFor(target?.model ?? request.model);
  if (tokenizer) return { inputTokens: countPromptWith(tokenizer, request), estimated: true, countedBy: 'tokenizer' };
  return { inputTokens: estimate(), estimated: true, countedBy: 'estimate' };
}

/** The provider's own count, or undefined when it has no endpoint for this target or the call failed. */
async function askProvider(c: Context<AppEnv>, request: ChatRequest, target: Target): Promise<number | undefined> {
  await loadAdapters([target.adapter]);
  const adapter = adapters[target.adapter];
  const counting = auxiliaryRoles[target.adapter]?.countTokens;
  if (!adapter || !counting || counting.serves?.(target) === false) return undefined;
  let spec: ReturnType<typeof counting.buildRequest>;
  try {
    spec = counting.buildRequest({ ...request, stream: false }, target);
  } catch {
    return undefined; // a request the endpoint cannot take (e.g. a parameter without equivalent): counted here instead
  }
  const record = newRecord(c, 'count_tokens', request);
  Object.assign(record, { provider: target.provider, model: target.model });
  const attempt: AttemptRecord = { provider: target.provider, model: target.model, startedAt: Date.now(), status: 0 };
  record.attempts.push(attempt);
  try {
    const signal = clientSignal(c);
    const response = await postToProvider(spec, target, adapter, { signal });
    const inputTokens = counting.parseResponse(await readProviderJson(response, target, { signal }));
    attempt.status = 200;
    record.usage = { inputTokens: 0, outputTokens: 0 };
    return inputTokens;
  } catch (thrown) {
    // The count is advisory: a provider that cannot count now still gets the caller a count.
    const error = toGatewayError(thrown);
    attempt.status = error instanceof UpstreamError ? error.upstreamStatus : 0;
    attempt.errorCode = error.code;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    return undefined;
  } finally {
    record.status = 200;
    attempt.endedAt = record.endedAt = record.firstByteAt = Date.now();
    defer(c, afterResponse({ env: c.env, record, admission: notAdmitted }));
  }
}
