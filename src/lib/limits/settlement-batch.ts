/**
 * Settlements waiting in this isolate to reach their key's KeyLimiter, so a busy key pays one
 * Durable Object call per request, not two. A request's settlement rides on the next `admit` of
 * the same key from this isolate (applied before that request is decided, so its tokens, budget
 * and concurrency slot are back in time for it); when no admission comes within
 * `SETTLE_WINDOW_MS`, the request's own deferred work sends every settlement of the key still
 * waiting in one call. Each settlement is taken out of the map synchronously, so it is sent
 * exactly once. An isolate that dies with settlements waiting loses them like any unsettled
 * lease: the object's alarm reclaims the lease after `LEASE_TTL_MS`.
 */
import { limiterFor } from './limiter-client';
import type { Settlement } from './limiter-types';

/** How long a settlement waits for the key's next admission before it is sent on its own. */
export const SETTLE_WINDOW_MS = 20;

const waiting = new Map<string, Settlement[]>();

/** Every settlement of `keyId` waiting here, removed from the map (to send with an admission). */
export function takeSettlements(keyId: string): Settlement[] {
  const settlements = waiting.get(keyId) ?? [];
  waiting.delete(keyId);
  return settlements;
}

/** Put back settlements whose admission call failed, to go with the next call. */
export function returnSettlements(keyId: string, settlements: Settlement[]): void {
  if (settlements.length === 0) return;
  waiting.set(keyId, [...settlements, ...(waiting.get(keyId) ?? [])]);
}

/**
 * Queue `settlement` for `keyId`; after the window, send what of the key is still waiting (this
 * one included unless an admission carried it). Resolves when the settlement has been sent.
 */
export async function deferSettlement(env: Env, keyId: string, settlement: Settlement, windowMs = SETTLE_WINDOW_MS): Promise<void> {
  waiting.set(keyId, [...(waiting.get(keyId) ?? []), settlement]);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  await flushSettlements(env, keyId);
}

/** Send every settlement of `keyId` still waiting, in one call (none: no call). */
export async function flushSettlements(env: Env, keyId: string): Promise<void> {
  const settlements = takeSettlements(keyId);
  if (settlements.length > 0) await limiterFor(env, keyId).settleAll(settlements);
}
