/**
 * Admission: may this key send this request now? The key's allow-lists are checked here,
 * then the key's KeyLimiter Durable Object is asked once: it checks the key is still valid
 * (revocation, rotation grace) and atomically reserves one request, the estimated tokens
 * (prompt + maximum output) and the worst-case cost. `settle` later replaces the estimates
 * with what the request really used, in one more (deferred) round trip.
 *
 * Bootstrap keys (SWITCHBOARD_KEYS) carry no limits: they skip the object entirely, which is
 * the "limits off" path of the benchmark.
 */
import type { Context } from 'hono';
import type { ChatRequest } from '../canonical';
import { type Config, getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { addResponseHeaders } from '../http/response-headers';
import { checkTargetAllowed, type NamedTarget, requestedTarget } from '../keys/key-policy';
import { forgetCachedKeys } from '../keys/key-store';
import { costUsd, priceFor } from '../models/pricing';
import { estimatePromptTokens, maxOutputTokens } from '../models/tokens';
import type { RequestRecord } from '../pipeline/request-record';
import { limiterFor } from './limiter-client';
import { waitInQueue } from './queued-recheck';
import { rateLimitHeaders, refusalError } from './rate-limit-response';

export interface Admission {
  /** Settle reservations against what the request really used. Runs after the response. */
  settle(record: RequestRecord): Promise<void>;
}

/** What an admitted request may consume, estimated before it runs. */
export interface AdmissionDemand {
  /** The model as requested (`provider/model`, a bare name or an alias). */
  model: string;
  promptTokens: number;
  outputTokens: number;
}

const unlimited: Admission = { settle: async () => {} };

/** Routes whose handler calls `admit`; auth checks every other route's key with the limiter itself. */
const admittedRoutes = new Set(['POST /v1/chat/completions', 'POST /v1/messages', 'POST /v1/embeddings']);

export function isAdmittedRoute(method: string, path: string): boolean {
  return admittedRoutes.has(`${method} ${path}`);
}

export async function admit(c: Context<AppEnv>, request: ChatRequest): Promise<Admission> {
  const target = requestedTarget(request.model, getConfig(c.env));
  return admitDemand(c, {
    model: request.model,
    promptTokens: estimatePromptTokens(request),
    outputTokens: maxOutputTokens(request, target?.provider, target?.model),
  });
}

/** Admission for any metered request (chat, messages, embeddings with `outputTokens: 0`). */
export async function admitDemand(c: Context<AppEnv>, demand: AdmissionDemand): Promise<Admission> {
  const key = c.get('key');
  const config = getConfig(c.env);
  const target = requestedTarget(demand.model, config);
  if (target) checkTargetAllowed(key, target, demand.model);
  const credentialHash = c.get('credentialHash');
  if (key.source !== 'admin' || !credentialHash) return unlimited;

  const result = await limiterFor(c.env, key.id).admit({
    requestId: c.get('requestId'),
    credentialHash,
    tokens: demand.promptTokens + demand.outputTokens,
    costUsd: worstCaseCost(demand, target, config),
  });
  if ('snapshot' in result) addResponseHeaders(c, rateLimitHeaders(result.snapshot));
  if (result.kind !== 'admitted') {
    if (result.kind === 'revoked' || result.kind === 'unknown-credential') forgetCachedKeys();
    throw refusalError(result);
  }
  // Admitted to the bounded wait queue: the object already reserved our place in the window.
  if (result.waitMs > 0) {
    const { leaseId, waitMs } = result;
    const keepAlive = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
    await waitInQueue(c.env, { key, credentialHash, leaseId, waitMs, model: demand.model, target, signal: c.req.raw.signal, keepAlive });
  }
  const leaseId = result.leaseId;
  if (!leaseId) return unlimited;
  const env = c.env;
  return {
    settle: async (record) => limiterFor(env, key.id).settle({ leaseId, ...usedBy(record, config) }),
  };
}

function worstCaseCost(demand: AdmissionDemand, target: NamedTarget | undefined, config: Config): number {
  if (!target) return 0;
  return costUsd({ inputTokens: demand.promptTokens, outputTokens: demand.outputTokens }, priceFor(target.provider, target.model, config));
}

/** Real tokens and cost; a request that produced no usage (it failed before any) used nothing. */
function usedBy(record: RequestRecord, config: Config): { tokens: number; costUsd: number } {
  const usage = record.usage;
  if (!usage) return { tokens: 0, costUsd: 0 };
  const price = record.provider && record.model ? priceFor(record.provider, record.model, config) : undefined;
  return { tokens: usage.inputTokens + usage.outputTokens, costUsd: costUsd(usage, price) };
}
