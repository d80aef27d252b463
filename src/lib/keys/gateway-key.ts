/** A gateway key as the request path sees it: who it is and the policy it carries. */

/** Per-key limits, enforced atomically by the key's KeyLimiter Durable Object. */
export interface KeyLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  maxConcurrent?: number;
  /** Spend budget in USD per `budgetPeriod`. */
  budgetUsd?: number;
  budgetPeriod?: 'day' | 'month';
  /** Wait in a bounded queue instead of answering 429 at once. */
  queue?: { maxWaitMs: number; maxQueued: number };
}

export interface GatewayKey {
  /** Stable, non-secret id: `key_` + the first 16 hex digits of the key's SHA-256. */
  id: string;
  name: string;
  source: 'bootstrap' | 'admin';
  /** Tenant that shares cache entries and BYOK credentials; defaults to the key id. */
  tenant?: string;
  owner?: Record<string, string>;
  /** `provider/model` patterns (`*` wildcard) this key may call; absent = all. */
  allowedModels?: string[];
  allowedProviders?: string[];
  limits?: KeyLimits;
  routing?: { defaultRoute?: string };
  cache?: { mode: 'off' | 'on'; ttlSeconds?: number };
  logging?: { archive?: boolean; redactContent?: boolean; encrypt?: boolean; traceContent?: boolean };
  /** Refuse (400) what would otherwise be dropped and named in `x-switchboard-dropped-params`. */
  strict?: boolean;
}
