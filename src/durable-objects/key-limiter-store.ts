import type { KeyLimits } from '../lib/keys/gateway-key';
import {
  checkCredential,
  type Decision,
  decide,
  emptyState,
  expireLeases,
  limitStatus,
  nextLeaseExpiry,
  settle,
} from '../lib/limits/limiter-rules';
import type {
  AdmitResult,
  CredentialCheck,
  Demand,
  LimiterConfig,
  LimiterState,
  LimitStatus,
  Settlement,
} from '../lib/limits/limiter-types';

/** Storage keys of the object (docs/storage-schema.md). */
const StorageKey = { config: 'config', state: 'state', refusals: 'refusals' } as const;

interface SlotWaiter {
  demand: Demand;
  resolve(result: AdmitResult): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The KeyLimiter object's implementation (key-limiter.ts loads it when the object starts).
 * One object per gateway key (named by the key id): the authority for whether the key is
 * revoked, which of its secrets are still accepted (rotation grace), and its limits.
 * Every RPC method changes state synchronously before its first `await`, so concurrent
 * requests see each other's reservations: exactly `limit` are admitted, never more.
 */
export class KeyLimiterStore {
  readonly ctx: DurableObjectState;
  #config: LimiterConfig | null = null;
  #state: LimiterState = emptyState();
  #alarmAt: number | null = null;
  #flushScheduled = false;
  #waiters: SlotWaiter[] = [];
  /** Requests refused by a limit, by limit name, since the key was created (for `GET /metrics`). */
  #refusals: Record<string, number> = {};
  #now: () => number = () => Date.now();

  constructor(ctx: DurableObjectState) {
    this.ctx = ctx;
  }

  /** Load the stored state; key-limiter.ts awaits it inside the object's blockConcurrencyWhile, before any call. */
  async load(): Promise<void> {
    this.#config = this.ctx.storage.kv.get<LimiterConfig>(StorageKey.config) ?? null;
    this.#state = this.ctx.storage.kv.get<LimiterState>(StorageKey.state) ?? emptyState();
    this.#refusals = this.ctx.storage.kv.get<Record<string, number>>(StorageKey.refusals) ?? {};
    this.#alarmAt = await this.ctx.storage.getAlarm();
  }

  /** Test hook: read time from `now` instead of the system clock (called through `runInDurableObject`). */
  useClock(now: () => number): void {
    this.#now = now;
  }

  /** A new key: its first accepted secret and its limits. */
  setup(credentialHash: string, limits: KeyLimits): void {
    this.#config = { limits, revoked: false, credentials: { [credentialHash]: null } };
    this.#state = emptyState();
    this.#saveConfig();
    this.#saveState();
  }

  setLimits(limits: KeyLimits): void {
    const config = this.#requireConfig();
    config.limits = limits;
    this.#saveConfig();
    this.#drainWaiters();
    this.#saveState();
  }

  /** Accept `credentialHash` from now on; every older secret stops being accepted after `graceMs`. */
  rotate(credentialHash: string, graceMs: number): number {
    const config = this.#requireConfig();
    const until = this.#now() + graceMs;
    for (const [hash, expiresAt] of Object.entries(config.credentials)) {
      config.credentials[hash] = expiresAt === null ? until : Math.min(expiresAt, until);
    }
    config.credentials[credentialHash] = null;
    this.#saveConfig();
    return until;
  }

  /** Refuse every secret of this key from the next request on. */
  revoke(): void {
    const config = this.#requireConfig();
    config.revoked = true;
    this.#saveConfig();
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'revoked' });
    }
  }

  verify(credentialHash: string): CredentialCheck {
    return checkCredential(this.#config, credentialHash, this.#now());
  }

  /**
   * Admit or refuse `demand`. `settled`: earlier requests' settlements that rode on this call
   * (settlement-batch.ts), applied first, so what they give back counts for this request.
   */
  async admit(demand: Demand, settled: Settlement[] = []): Promise<AdmitResult> {
    const config = this.#config;
    if (!config) return { kind: 'unknown-credential' };
    if (settled.length > 0) this.settleAll(settled);
    const decision = decide(config, this.#state, demand, this.#now(), this.#state.queuedUntil.length + this.#waiters.length);
    if (decision.kind !== 'wait-for-slot') {
      this.#afterDecision(decision);
      return decision;
    }
    const maxWaitMs = config.limits.queue?.maxWaitMs ?? 0;
    return new Promise<AdmitResult>((resolve) => {
      const waiter: SlotWaiter = {
        demand,
        resolve,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((other) => other !== waiter);
          const limitValue = this.#config?.limits.maxConcurrent ?? 0;
          this.#countRefusal('concurrency');
          resolve({ kind: 'limited', limit: 'concurrency', limitValue, retryAfterMs: 1000, queueFull: false, snapshot: {} });
        }, maxWaitMs),
      };
      this.#waiters.push(waiter);
    });
  }

  settle(settlement: Settlement): void {
    this.settleAll([settlement]);
  }

  /** Close several leases at once (settlement-batch.ts sends what waited in one isolate). */
  settleAll(settlements: Settlement[]): void {
    const config = this.#config;
    if (!config) return;
    let freed = false;
    for (const settlement of settlements) freed = settle(config.limits, this.#state, settlement, this.#now()) || freed;
    if (freed) this.#drainWaiters();
    this.#saveState();
  }

  status(): LimitStatus | null {
    return this.#config ? limitStatus(this.#config, this.#state, this.#now(), this.#waiters.length) : null;
  }

  /** Reclaims leases of workers that died mid-request, then waits for the next expiry. */
  async alarm(): Promise<void> {
    this.#alarmAt = null;
    const config = this.#config;
    if (!config) return;
    if (expireLeases(config.limits, this.#state, this.#now()) > 0) this.#drainWaiters();
    this.#saveState();
    await this.#scheduleAlarm();
  }

  /** Admit waiting requests, oldest first, while slots are free. */
  #drainWaiters(): void {
    const config = this.#config;
    while (config && this.#waiters.length > 0) {
      const head = this.#waiters[0] as SlotWaiter;
      const decision = decide(config, this.#state, head.demand, this.#now(), this.#state.queuedUntil.length + this.#waiters.length - 1);
      if (decision.kind === 'wait-for-slot') return;
      this.#waiters.shift();
      clearTimeout(head.timer);
      this.#afterDecision(decision);
      head.resolve(decision);
    }
  }

  /** Refusals by limit name since the key was created. */
  refusals(): Record<string, number> {
    return { ...this.#refusals };
  }

  #countRefusal(limit: string): void {
    this.#refusals[limit] = (this.#refusals[limit] ?? 0) + 1;
    this.ctx.storage.kv.put(StorageKey.refusals, this.#refusals);
  }

  #afterDecision(decision: Decision): void {
    if (decision.kind === 'revoked' || decision.kind === 'unknown-credential') return;
    if (decision.kind === 'limited') this.#countRefusal(decision.limit);
    else if (decision.kind === 'too-large') this.#countRefusal('request_tokens');
    else if (decision.kind === 'budget-exhausted') this.#countRefusal('budget');
    this.#saveState();
    if (decision.kind === 'admitted' && decision.leaseId) void this.#scheduleAlarm();
  }

  async #scheduleAlarm(): Promise<void> {
    const next = nextLeaseExpiry(this.#state);
    if (next === null || (this.#alarmAt !== null && this.#alarmAt <= next)) return;
    this.#alarmAt = next;
    await this.ctx.storage.setAlarm(next);
  }

  #requireConfig(): LimiterConfig {
    if (!this.#config) throw new Error('KeyLimiter used before setup');
    return this.#config;
  }

  #saveConfig(): void {
    this.ctx.storage.kv.put(StorageKey.config, this.#config);
  }

  /**
   * Counters are written just after the reply, once for every burst of changes, and without
   * waiting for the write to be confirmed: admission stays off the storage path. A crash can
   * lose the last moments of counters (a brief over-admission after restart), never a
   * revocation or rotation: config writes are synchronous and confirmed before any reply.
   */
  #saveState(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setTimeout(() => {
      this.#flushScheduled = false;
      void this.ctx.storage.put(StorageKey.state, this.#state, { allowUnconfirmed: true });
    }, 0);
  }
}
