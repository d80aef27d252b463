/**
 * The KeyLimiter's decisions as plain functions over its state, so the object itself only
 * loads, stores, schedules and waits. Each function runs synchronously: the object calls it
 * with no `await` in between, which is what makes check-and-reserve atomic.
 */
import type { KeyLimits } from '../keys/gateway-key';
import { NANO_PER_USD } from '../models/pricing';
import type { AdmitResult, Demand, LimiterConfig, LimiterState, LimitStatus, RateSnapshot, Settlement } from './limiter-types';
import { fullBucket, refill, snapshot, waitFor } from './token-bucket';

/**
 * How long an admitted request holds its concurrency slot and reservations without
 * settling. A worker that dies mid-request never settles; the alarm reclaims its lease
 * after this. Streams longer than this lose their slot early (they still settle usage).
 */
export const LEASE_TTL_MS = 15 * 60_000;
/** Retry hint for a full concurrency limit: a slot frees whenever a request finishes. */
const CONCURRENCY_RETRY_MS = 1000;

export type Decision = AdmitResult | { kind: 'wait-for-slot' };

export function emptyState(): LimiterState {
  return { requests: null, tokens: null, budget: null, leases: {}, queuedUntil: [] };
}

export function checkCredential(config: LimiterConfig | null, credentialHash: string, now: number) {
  if (!config) return 'unknown-credential' as const;
  if (config.revoked) return 'revoked' as const;
  if (!(credentialHash in config.credentials)) return 'unknown-credential' as const;
  const expiresAt = config.credentials[credentialHash];
  return expiresAt == null || expiresAt > now ? ('ok' as const) : ('unknown-credential' as const);
}

export function periodStart(period: 'day' | 'month', now: number): number {
  const date = new Date(now);
  return period === 'day'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function periodEnd(period: 'day' | 'month', start: number): number {
  const date = new Date(start);
  return period === 'day' ? start + 86_400_000 : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Refill windows, roll the budget period, forget queue entries that have started. */
export function advance(limits: KeyLimits, state: LimiterState, now: number): void {
  const { requestsPerMinute: rpm, tokensPerMinute: tpm, budgetUsd } = limits;
  if (rpm === undefined) state.requests = null;
  else if (state.requests) refill(state.requests, rpm, now);
  else state.requests = fullBucket(rpm, now);
  if (tpm === undefined) state.tokens = null;
  else if (state.tokens) refill(state.tokens, tpm, now);
  else state.tokens = fullBucket(tpm, now);
  if (budgetUsd === undefined) state.budget = null;
  else {
    const start = periodStart(limits.budgetPeriod ?? 'month', now);
    if (!state.budget || state.budget.periodStart < start) state.budget = { periodStart: start, spentNanoUsd: 0 };
    upgradeStoredCosts(state);
  }
  if (state.queuedUntil.length > 0) state.queuedUntil = state.queuedUntil.filter((at) => at > now);
}

export function rateSnapshot(limits: KeyLimits, state: LimiterState): RateSnapshot {
  const out: RateSnapshot = {};
  if (state.requests && limits.requestsPerMinute) out.requests = snapshot(state.requests, limits.requestsPerMinute);
  if (state.tokens && limits.tokensPerMinute) out.tokens = snapshot(state.tokens, limits.tokensPerMinute);
  return out;
}

/** State stored before costs were integer nano-dollars: convert it once. */
function upgradeStoredCosts(state: LimiterState): void {
  const budget = state.budget;
  if (budget && budget.spentNanoUsd === undefined) {
    budget.spentNanoUsd = Math.round((budget.spentUsd ?? 0) * NANO_PER_USD);
    delete budget.spentUsd;
  }
  for (const lease of Object.values(state.leases)) {
    if (lease.costNanoUsd === undefined) lease.costNanoUsd = Math.round((lease.costUsd ?? 0) * NANO_PER_USD);
  }
}

export function reservedNanoUsd(state: LimiterState): number {
  let total = 0;
  for (const lease of Object.values(state.leases)) total += lease.costNanoUsd;
  return total;
}

/** Does this key need a lease (something to settle or a slot to hold)? */
function needsLease(limits: KeyLimits): boolean {
  return limits.tokensPerMinute !== undefined || limits.maxConcurrent !== undefined || limits.budgetUsd !== undefined;
}

/**
 * Admit or refuse `demand` now, reserving everything it may use when admitted.
 * `queued` is how many requests already wait (rate waits and slot waits).
 */
export function decide(config: LimiterConfig, state: LimiterState, demand: Demand, now: number, queued: number): Decision {
  const credential = checkCredential(config, demand.credentialHash, now);
  if (credential !== 'ok') return { kind: credential };
  const { limits } = config;
  advance(limits, state, now);
  const view = () => rateSnapshot(limits, state);
  if (limits.budgetUsd !== undefined && state.budget) {
    const committedNanoUsd = state.budget.spentNanoUsd + reservedNanoUsd(state);
    if (committedNanoUsd + demand.costNanoUsd > Math.round(limits.budgetUsd * NANO_PER_USD)) {
      const resetAt = periodEnd(limits.budgetPeriod ?? 'month', state.budget.periodStart);
      const committedUsd = committedNanoUsd / NANO_PER_USD;
      return { kind: 'budget-exhausted', budgetUsd: limits.budgetUsd, committedUsd, resetAt, snapshot: view() };
    }
  }
  const tpm = limits.tokensPerMinute;
  if (tpm !== undefined && demand.tokens > tpm) return { kind: 'too-large', tokens: demand.tokens, limitValue: tpm, snapshot: view() };
  const requestWait = state.requests && limits.requestsPerMinute ? waitFor(state.requests, 1, limits.requestsPerMinute) : 0;
  const tokenWait = state.tokens && tpm ? waitFor(state.tokens, demand.tokens, tpm) : 0;
  const waitMs = Math.max(requestWait, tokenWait);
  const inUse = Object.keys(state.leases).length;
  const slotsFull = limits.maxConcurrent !== undefined && inUse >= limits.maxConcurrent;
  if (waitMs > 0 || slotsFull) {
    const queue = limits.queue;
    const canQueue = queue !== undefined && queued < queue.maxQueued;
    if (slotsFull) {
      if (canQueue) return { kind: 'wait-for-slot' };
      const limitValue = limits.maxConcurrent ?? 0;
      return {
        kind: 'limited',
        limit: 'concurrency',
        limitValue,
        retryAfterMs: CONCURRENCY_RETRY_MS,
        queueFull: queue !== undefined,
        snapshot: view(),
      };
    }
    if (!canQueue || waitMs > queue.maxWaitMs) {
      const limit = requestWait >= tokenWait ? 'requests' : 'tokens';
      const limitValue = (limit === 'requests' ? limits.requestsPerMinute : tpm) ?? 0;
      return {
        kind: 'limited',
        limit,
        limitValue,
        retryAfterMs: waitMs,
        queueFull: queue !== undefined && canQueue === false,
        snapshot: view(),
      };
    }
    state.queuedUntil.push(now + waitMs);
  }
  if (state.requests) state.requests.level -= 1;
  if (state.tokens) state.tokens.level -= demand.tokens;
  let leaseId: string | null = null;
  if (needsLease(limits)) {
    leaseId = demand.requestId;
    state.leases[leaseId] = { expiresAt: now + waitMs + LEASE_TTL_MS, tokens: demand.tokens, costNanoUsd: demand.costNanoUsd };
  }
  return { kind: 'admitted', leaseId, waitMs, snapshot: view() };
}

/** Close a lease: give back unused tokens (or take the overrun) and book the real cost. */
export function settle(limits: KeyLimits, state: LimiterState, settlement: Settlement, now: number): boolean {
  const lease = state.leases[settlement.leaseId];
  if (!lease) return false;
  delete state.leases[settlement.leaseId];
  advance(limits, state, now);
  if (state.tokens && limits.tokensPerMinute) {
    state.tokens.level = Math.min(limits.tokensPerMinute, state.tokens.level + lease.tokens - settlement.tokens);
  }
  if (state.budget) state.budget.spentNanoUsd += settlement.costNanoUsd;
  return true;
}

/**
 * Reclaim leases whose worker never settled. Their tokens stay spent and their worst-case
 * cost is booked as spend: the request may well have reached the provider.
 */
export function expireLeases(limits: KeyLimits, state: LimiterState, now: number): number {
  let expired = 0;
  advance(limits, state, now);
  for (const [id, lease] of Object.entries(state.leases)) {
    if (lease.expiresAt > now) continue;
    delete state.leases[id];
    if (state.budget) state.budget.spentNanoUsd += lease.costNanoUsd;
    expired++;
  }
  return expired;
}

export function nextLeaseExpiry(state: LimiterState): number | null {
  let earliest: number | null = null;
  for (const lease of Object.values(state.leases)) if (earliest === null || lease.expiresAt < earliest) earliest = lease.expiresAt;
  return earliest;
}

export function limitStatus(config: LimiterConfig, state: LimiterState, now: number, waiting: number): LimitStatus {
  const { limits } = config;
  advance(limits, state, now);
  const view = rateSnapshot(limits, state);
  const period = limits.budgetPeriod ?? 'month';
  return {
    requests: view.requests ?? null,
    tokens: view.tokens ?? null,
    concurrency: limits.maxConcurrent !== undefined ? { limit: limits.maxConcurrent, inUse: Object.keys(state.leases).length } : null,
    budget:
      limits.budgetUsd !== undefined && state.budget
        ? {
            limitUsd: limits.budgetUsd,
            spentUsd: state.budget.spentNanoUsd / NANO_PER_USD,
            reservedUsd: reservedNanoUsd(state) / NANO_PER_USD,
            period,
            resetsAt: periodEnd(period, state.budget.periodStart),
          }
        : null,
    queue: limits.queue ? { ...limits.queue, queued: state.queuedUntil.length + waiting } : null,
  };
}
