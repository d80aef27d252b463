/**
 * Circuit breakers, one per target (`provider/model`):
 *
 *   closed ──N consecutive retryable failures──▶ open ──cool-down──▶ half-open
 *   half-open ──probe succeeds──▶ closed        half-open ──probe fails──▶ open (new cool-down)
 *
 * While open, the router skips the target without calling it. Half-open lets exactly one
 * probe through at a time; other requests keep skipping until it reports.
 *
 * State is per isolate (a module-level map), deliberately not shared:
 *  - the breaker exists to save latency on the hot path; a Durable Object or KV read on every
 *    request would cost more than the failures it avoids, and one global object for every
 *    request is what DESIGN.md forbids;
 *  - provider outages are seen by every isolate within a few requests, so each learns quickly
 *    on its own; the cost is at most `failureThreshold` failed calls per isolate;
 *  - isolate state is lost on eviction, which only ever closes a breaker (fails safe: the
 *    target is tried again).
 * Keys are per target, not per provider, because a 429 or an outage is often one model's,
 * and per credential (breakerKey): a target called with a caller's own BYOK credential has a
 * breaker of its own, so one tenant's rate-limited key never opens another tenant's (or the
 * gateway's own) breaker for the same `provider/model`.
 */
import type { BreakerSettings } from './route-config';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The breaker a planned target reports to: `provider/model`, plus the caller credential's id when BYOK. */
export function breakerKey(target: { name: string; credentialId?: string | undefined }): string {
  return target.credentialId === undefined ? target.name : `${target.name}#${target.credentialId}`;
}

interface Entry {
  failures: number;
  /** When the breaker last opened; undefined while closed. */
  openedAt?: number;
  /** When the current half-open probe started; a probe that never reports expires after a cool-down. */
  probeStartedAt?: number;
}

/** Enough for every target of a large config; beyond it the oldest entries are forgotten. */
const MAX_TRACKED_TARGETS = 10_000;

export class CircuitBreakers {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  state(key: string, settings: BreakerSettings): BreakerState {
    const entry = this.#entries.get(key);
    if (entry?.openedAt === undefined) return 'closed';
    return this.#now() - entry.openedAt >= settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go to this target now (does not take the half-open probe). */
  isAvailable(key: string, settings: BreakerSettings): boolean {
    const entry = this.#entries.get(key);
    const state = this.state(key, settings);
    return state === 'closed' || (state === 'half-open' && !this.#probeInFlight(entry, settings));
  }

  /** Ask to call this target; in half-open this takes the single probe slot. */
  acquire(key: string, settings: BreakerSettings): boolean {
    const state = this.state(key, settings);
    if (state === 'closed') return true;
    const entry = this.#entries.get(key);
    if (state === 'open' || !entry || this.#probeInFlight(entry, settings)) return false;
    entry.probeStartedAt = this.#now();
    return true;
  }

  recordSuccess(key: string): void {
    this.#entries.delete(key); // closed with no failures: nothing to remember
  }

  recordFailure(key: string, settings: BreakerSettings): void {
    const entry = this.#entries.get(key) ?? { failures: 0 };
    entry.failures += 1;
    const probeFailed = entry.probeStartedAt !== undefined;
    if (probeFailed || entry.failures >= settings.failureThreshold) {
      entry.openedAt = this.#now();
      entry.probeStartedAt = undefined;
    }
    this.#entries.delete(key); // re-insert: the map's order is least recently failed first
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_TRACKED_TARGETS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** A call that neither succeeded nor failed (client went away): give the probe slot back. */
  release(key: string): void {
    const entry = this.#entries.get(key);
    if (entry) entry.probeStartedAt = undefined;
  }

  /** Time until an open breaker lets a probe through (0 when it would now). */
  msUntilProbe(key: string, settings: BreakerSettings): number {
    const openedAt = this.#entries.get(key)?.openedAt;
    return openedAt === undefined ? 0 : Math.max(0, openedAt + settings.cooldownMs - this.#now());
  }

  /** Targets whose breaker is open or half-open in this isolate, and since when (for `GET /metrics`). */
  openTargets(): { target: string; openedAt: number }[] {
    const out: { target: string; openedAt: number }[] = [];
    for (const [target, entry] of this.#entries) if (entry.openedAt !== undefined) out.push({ target, openedAt: entry.openedAt });
    return out;
  }

  #probeInFlight(entry: Entry | undefined, settings: BreakerSettings): boolean {
    return entry?.probeStartedAt !== undefined && this.#now() - entry.probeStartedAt < settings.cooldownMs;
  }
}

/** This isolate's breakers (see the module comment for why not shared). */
export const circuitBreakers = new CircuitBreakers();
