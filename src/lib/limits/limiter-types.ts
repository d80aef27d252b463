/**
 * What the worker and the KeyLimiter Durable Object exchange over RPC (structured-clone
 * plain objects), and the object's stored state. See docs/keys-and-limits.md.
 */
import type { KeyLimits } from '../keys/gateway-key';

/** One request asking to be admitted. */
export interface Demand {
  /** The request id; it names the lease the settlement closes. */
  requestId: string;
  /** SHA-256 hex of the secret the caller presented (the object knows which are still valid). */
  credentialHash: string;
  /** Estimated prompt tokens + maximum output tokens. */
  tokens: number;
  /** Worst-case cost in integer nano-dollars (every target and billable attempt of the route plan). */
  costNanoUsd: number;
}

/** What the request really used, reported after the response. */
export interface Settlement {
  leaseId: string;
  tokens: number;
  /** Real cost in integer nano-dollars, exactly as the usage event bills it. */
  costNanoUsd: number;
}

export interface WindowSnapshot {
  limit: number;
  remaining: number;
  /** Milliseconds until the window is full again. */
  resetMs: number;
}

/** The numbers behind the `x-ratelimit-*` headers. */
export interface RateSnapshot {
  requests?: WindowSnapshot;
  tokens?: WindowSnapshot;
}

export type LimitName = 'requests' | 'tokens' | 'concurrency';

export type AdmitResult =
  | { kind: 'admitted'; leaseId: string | null; waitMs: number; snapshot: RateSnapshot }
  | { kind: 'limited'; limit: LimitName; limitValue: number; retryAfterMs: number; queueFull: boolean; snapshot: RateSnapshot }
  | { kind: 'too-large'; tokens: number; limitValue: number; snapshot: RateSnapshot }
  | { kind: 'budget-exhausted'; budgetUsd: number; committedUsd: number; resetAt: number; snapshot: RateSnapshot }
  | { kind: 'revoked' }
  | { kind: 'unknown-credential' };

export type CredentialCheck = 'ok' | 'revoked' | 'unknown-credential';

/** The key's limits and remaining capacity, for `GET /v1/ratelimit`. */
export interface LimitStatus {
  requests: WindowSnapshot | null;
  tokens: WindowSnapshot | null;
  concurrency: { limit: number; inUse: number } | null;
  budget: { limitUsd: number; spentUsd: number; reservedUsd: number; period: 'day' | 'month'; resetsAt: number } | null;
  queue: { maxWaitMs: number; maxQueued: number; queued: number } | null;
}

/** Stored under `config` in the object. */
export interface LimiterConfig {
  limits: KeyLimits;
  revoked: boolean;
  /** SHA-256 hex of each accepted secret → epoch ms when it stops being accepted (null: never). */
  credentials: Record<string, number | null>;
}

/** A continuously refilling window: `level` units available at `updatedAt`. */
export interface Bucket {
  level: number;
  updatedAt: number;
}

/** One admitted request that has not settled yet. */
export interface Lease {
  expiresAt: number;
  tokens: number;
  costNanoUsd: number;
  /** Leases stored before costs were integers (read once, converted by `advance`). */
  costUsd?: number;
}

/** Stored under `state` in the object. */
export interface LimiterState {
  requests: Bucket | null;
  tokens: Bucket | null;
  /** Spend in integer nano-dollars; `spentUsd` only in state stored before costs were integers. */
  budget: { periodStart: number; spentNanoUsd: number; spentUsd?: number } | null;
  leases: Record<string, Lease>;
  /** Start times of requests admitted to wait for a rate window (the bounded queue). */
  queuedUntil: number[];
}
