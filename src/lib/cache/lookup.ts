/**
 * The cache step of the chat pipeline, before routing: decide the policy, derive the key, look
 * the answer up (readCache, beside admission). Once the request is admitted, applyCacheStep sets
 * `record.cache` and the `x-switchboard-cache` header.
 */
import type { Context } from 'hono';
import type { ChatRequest } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { GatewayHeader } from '../http/gateway-headers';
import { addResponseHeaders } from '../http/response-headers';
import type { RequestRecord } from '../pipeline/request-record';
import { type CacheKey, cacheModel, cacheScope, deriveCacheKey } from './key';
import { type CachePolicy, cachePolicy } from './policy';
import { type CachedAnswer, readEntry } from './store';

/** Chat completions and Anthropic messages share entries: both are the same canonical request. */
export const CHAT_CACHE_ENDPOINT = 'chat';

export interface CacheStep {
  policy: CachePolicy;
  key?: CacheKey;
  hit?: CachedAnswer;
}

/**
 * The lookup alone: policy, key and entry, with no effect on the record or the response. The
 * pipeline starts it beside admission (two independent round trips, one wait) and drops it when
 * admission refuses.
 */
export async function readCache(c: Context<AppEnv>, request: ChatRequest, requestId: string, now = Date.now()): Promise<CacheStep> {
  const config = getConfig(c.env);
  const gatewayKey = c.get('key');
  const policy = cachePolicy(gatewayKey, config.raw.cache ?? { mode: 'off' }, c.req.raw.headers, request);
  const step: CacheStep = { policy };
  if (policy.lookup || policy.fill) {
    step.key = await deriveCacheKey(cacheScope(gatewayKey), CHAT_CACHE_ENDPOINT, cacheModel(request.model, config), request);
  }
  if (policy.lookup && step.key) {
    try {
      step.hit = await readEntry(c.env.CACHE, step.key, now);
    } catch (error) {
      // A cache that cannot be read is a miss, never a failed request.
      console.error(JSON.stringify({ level: 'warn', requestId, step: 'cache-lookup', error: String(error) }));
    }
  }
  return step;
}

/** An admitted request's lookup: `record.cache` and the `x-switchboard-cache` header. */
export function applyCacheStep(c: Context<AppEnv>, record: RequestRecord, step: CacheStep): CacheStep {
  record.cache = step.hit ? 'HIT' : step.policy.status;
  addResponseHeaders(c, { [GatewayHeader.cache]: record.cache });
  return step;
}
