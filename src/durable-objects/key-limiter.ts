/**
 * One object per gateway key (named by the key id): the authority for whether the key is
 * revoked, which of its secrets are still accepted (rotation grace), and its limits. The work
 * is in key-limiter-store.ts, loaded when the object starts (before any call is delivered):
 * a Worker isolate serving requests calls this object through a stub and never runs that code,
 * so the Worker's entry, which must export this class, does not carry it (issue 15). Every
 * method forwards synchronously, so the store's guarantee holds: each call changes state
 * before its first `await`.
 */
import { DurableObject } from 'cloudflare:workers';
import type { KeyLimits } from '../lib/keys/gateway-key';
import type { AdmitResult, CredentialCheck, Demand, LimitStatus, Settlement } from '../lib/limits/limiter-types';
import type { KeyLimiterStore } from './key-limiter-store';

export class KeyLimiter extends DurableObject<Env> {
  #store!: KeyLimiterStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const { KeyLimiterStore } = await import('./stores');
      const store = new KeyLimiterStore(ctx);
      await store.load();
      this.#store = store;
    });
  }

  /** Test hook: read time from `now` instead of the system clock (called through `runInDurableObject`). */
  useClock(now: () => number): void {
    this.#store.useClock(now);
  }

  /** A new key: its first accepted secret and its limits. */
  setup(credentialHash: string, limits: KeyLimits): void {
    this.#store.setup(credentialHash, limits);
  }

  setLimits(limits: KeyLimits): void {
    this.#store.setLimits(limits);
  }

  /** Accept `credentialHash` from now on; every older secret stops being accepted after `graceMs`. */
  rotate(credentialHash: string, graceMs: number): number {
    return this.#store.rotate(credentialHash, graceMs);
  }

  /** Refuse every secret of this key from the next request on. */
  revoke(): void {
    this.#store.revoke();
  }

  verify(credentialHash: string): CredentialCheck {
    return this.#store.verify(credentialHash);
  }

  /** Admit or refuse `demand`, after applying earlier requests' `settled` settlements. */
  admit(demand: Demand, settled: Settlement[] = []): Promise<AdmitResult> {
    return this.#store.admit(demand, settled);
  }

  settle(settlement: Settlement): void {
    this.#store.settle(settlement);
  }

  settleAll(settlements: Settlement[]): void {
    this.#store.settleAll(settlements);
  }

  status(): LimitStatus | null {
    return this.#store.status();
  }

  /** Reclaims leases of workers that died mid-request. */
  override alarm(): Promise<void> {
    return this.#store.alarm();
  }

  /** Refusals by limit name since the key was created. */
  refusals(): Record<string, number> {
    return this.#store.refusals();
  }
}
