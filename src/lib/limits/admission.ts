/**
 * Admission: may this key send this request now? The key's allow-lists are checked here,
 * then the key's KeyLimiter Durable Object is asked once: it checks the key is still valid
 * (revocation, rotation grace) and atomically reserves one request, the estimated tokens
 * (prompt + maximum output) and the worst-case cost. `settle` later replaces the estimates
 * with what the request really used: it rides on the key's next admission from this isolate,
 * or goes in one deferred call shared by the key's settlements of the moment
 * (settlement-batch.ts).
 *
 * Bootstrap keys (SWITCHBOARD_KEYS) carry no limits: they skip the object entirely, which is
 * the "limits off" path of the benchmark.
 */
import type { Context } from 'hono';
import type { ChatRequest } from '../canonical';
import { type Config, getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { addResponseHeaders } from '../http/response-headers';
import { checkTargetAllowed, requestedTarget } from '../keys/key-policy';
import { forgetCachedKeys } from '../keys/key-store';
import { costNanoUsd, priceFor } from '../models/pricing';
import type { RequestRecord } from '../pipeline/request-record';
import type { RoutePlan } from '../routing/route-plan';
import { billedCostNanoUsd, usageOf } from '../usage/event';
import { limiterFor } from './limiter-client';
import { type QueuedRequest, waitInQueue } from './queued-recheck';
import { rateLimitHeaders, refusalError } from './rate-limit-response';
import { deferSettlement, flushSettlements, returnSettlements, takeSettlements } from './settlement-batch';
import { worstCase } from './worst-case';

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

/**
 * Admission of a chat request as it will be sent (session history and template included),
 * against the route plan the runner will follow: the reservation covers every target and
 * attempt of that plan (worst-case.ts). The prompt estimate is kept on `record`: it is what a
 * request cancelled before the provider answered is billed (usage/event.ts).
 */
export async function admit(c: Context<AppEnv>, request: ChatRequest, plan: RoutePlan, record?: RequestRecord): Promise<Admission> {
  const config = getConfig(c.env);
  const worst = worstCase(request, plan, config);
  if (record) record.estimatedPromptTokens = worst.promptTokens;
  const recheck = { model: request.model, target: requestedTarget(request.model, config) };
  return reserve(c, { tokens: worst.tokens, costNanoUsd: worst.costNanoUsd }, recheck);
}

/** The key's allow-lists against the model as named in the body (refused before anything else runs). */
export function checkRequestedModel(c: Context<AppEnv>, model: string): void {
  const target = requestedTarget(model, getConfig(c.env));
  if (target) checkTargetAllowed(c.get('key'), target, model);
}

/** Admission for a single-target metered request (embeddings, with `outputTokens: 0`). */
export async function admitDemand(c: Context<AppEnv>, demand: AdmissionDemand): Promise<Admission> {
  checkRequestedModel(c, demand.model);
  const config = getConfig(c.env);
  const target = requestedTarget(demand.model, config);
  const usage = { inputTokens: demand.promptTokens, outputTokens: demand.outputTokens };
  const worst = target ? costNanoUsd(usage, priceFor(target.provider, target.model, config)) : 0;
  return reserve(c, { tokens: demand.promptTokens + demand.outputTokens, costNanoUsd: worst }, { model: demand.model, target });
}

function logSettleFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', event: 'limits.settle_failed', error: message }));
}

/** What a request waiting in the key's queue is checked against again before dispatch (queued-recheck.ts). */
type Recheck = Pick<QueuedRequest, 'model' | 'target'>;

async function reserve(c: Context<AppEnv>, demand: { tokens: number; costNanoUsd: number }, recheck: Recheck): Promise<Admission> {
  const key = c.get('key');
  const credentialHash = c.get('credentialHash');
  if (key.source !== 'admin' || !credentialHash) return unlimited;

  const demandOf = { requestId: c.get('requestId'), credentialHash, tokens: demand.tokens, costNanoUsd: demand.costNanoUsd };
  const settled = takeSettlements(key.id);
  const result = await limiterFor(c.env, key.id)
    .admit(demandOf, settled)
    .catch((error: unknown) => {
      // Not delivered: they go with the next call, or this request's own deferred one.
      returnSettlements(key.id, settled);
      if (settled.length > 0) c.executionCtx.waitUntil(flushSettlements(c.env, key.id).catch(logSettleFailure));
      throw error;
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
    await waitInQueue(c.env, { key, credentialHash, leaseId, waitMs, ...recheck, signal: c.req.raw.signal, keepAlive });
  }
  const leaseId = result.leaseId;
  if (!leaseId) return unlimited;
  const env = c.env;
  const config = getConfig(env);
  return {
    settle: async (record) => deferSettlement(env, key.id, { leaseId, ...usedBy(record, config) }),
  };
}

/**
 * What the request really used, exactly as the usage event bills it (the same usage, estimate
 * included for an answer without reported usage, and the same integer cost).
 */
function usedBy(record: RequestRecord, config: Config): { tokens: number; costNanoUsd: number } {
  const usage = usageOf(record);
  return { tokens: usage.inputTokens + usage.outputTokens, costNanoUsd: billedCostNanoUsd(record, config) };
}
