import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { KeyLimiter } from '../../src/durable-objects/key-limiter';
import type { KeyLimits } from '../../src/lib/keys/gateway-key';
import type { AdmitResult, Demand } from '../../src/lib/limits/limiter-types';
import { freezeLimiterClock, limiterStub } from '../support/keys';

const CREDENTIAL = 'a'.repeat(64);

/** A fresh limiter with `limits` and a frozen clock. */
async function limiter(limits: KeyLimits) {
  const keyId = `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const stub = limiterStub(keyId);
  await stub.setup(CREDENTIAL, limits);
  const clock = await freezeLimiterClock(keyId);
  return { stub, clock };
}

const demand = (overrides: Partial<Demand> = {}): Demand => ({
  requestId: `req_${crypto.randomUUID()}`,
  credentialHash: CREDENTIAL,
  tokens: 100,
  costNanoUsd: 0,
  ...overrides,
});

const kinds = (results: AdmitResult[]) => results.map((result) => result.kind);
const admitted = (results: AdmitResult[]) => results.filter((result) => result.kind === 'admitted');

describe('KeyLimiter', () => {
  it('holds concurrency exactly: N concurrent admissions with maxConcurrent = C admit C', async () => {
    const { stub } = await limiter({ maxConcurrent: 3 });
    const results = await Promise.all(Array.from({ length: 25 }, () => stub.admit(demand())));
    expect(admitted(results)).toHaveLength(3);
    const refused = results.find((result) => result.kind === 'limited');
    expect(refused).toMatchObject({ kind: 'limited', limit: 'concurrency', limitValue: 3 });
  });

  it('holds tokens per minute exactly and refuses the rest with the time until enough tokens return', async () => {
    const { stub } = await limiter({ tokensPerMinute: 1000 });
    const results = await Promise.all(Array.from({ length: 30 }, () => stub.admit(demand({ tokens: 300 }))));
    expect(admitted(results)).toHaveLength(3);
    // 100 tokens remain; 200 more come back in 200/1000 of a minute.
    expect(results.find((result) => result.kind === 'limited')).toMatchObject({ limit: 'tokens', retryAfterMs: 12_000 });
  });

  it('cannot overshoot the budget with concurrent requests: each reserves its worst case', async () => {
    const { stub } = await limiter({ budgetUsd: 1, budgetPeriod: 'day' });
    const results = await Promise.all(Array.from({ length: 20 }, () => stub.admit(demand({ costNanoUsd: 300_000_000 }))));
    expect(admitted(results)).toHaveLength(3);
    expect(kinds(results).filter((kind) => kind === 'budget-exhausted')).toHaveLength(17);
    const status = await stub.status();
    expect(status?.budget?.reservedUsd).toBeCloseTo(0.9);
  });

  it('settles reservations to real usage: unused tokens and budget come back', async () => {
    const { stub } = await limiter({ tokensPerMinute: 1000, budgetUsd: 1 });
    const first = await stub.admit(demand({ tokens: 900, costNanoUsd: 900_000_000 }));
    expect(first.kind).toBe('admitted');
    expect((await stub.admit(demand({ tokens: 900, costNanoUsd: 900_000_000 }))).kind).toBe('budget-exhausted');
    await stub.settle({ leaseId: (first as { leaseId: string }).leaseId, tokens: 50, costNanoUsd: 50_000_000 });
    const status = await stub.status();
    expect(status?.tokens?.remaining).toBe(950);
    expect(status?.budget).toMatchObject({ spentUsd: 0.05, reservedUsd: 0 });
    expect((await stub.admit(demand({ tokens: 900, costNanoUsd: 900_000_000 }))).kind).toBe('admitted');
  });

  it('applies settlements that ride on an admission before deciding it, each once', async () => {
    const { stub } = await limiter({ maxConcurrent: 1, tokensPerMinute: 1000, budgetUsd: 1 });
    const first = (await stub.admit(demand({ tokens: 900, costNanoUsd: 400_000_000 }))) as { leaseId: string };
    expect((await stub.admit(demand())).kind).toBe('limited');
    // The slot and the unused tokens come back in the same call that asks for them.
    const settlement = { leaseId: first.leaseId, tokens: 100, costNanoUsd: 100_000_000 };
    const second = await stub.admit(demand({ tokens: 900, costNanoUsd: 0 }), [settlement]);
    expect(second.kind).toBe('admitted');
    // Sent again (a retried call): the lease is already closed, nothing is booked twice.
    await stub.settleAll([settlement, { leaseId: (second as { leaseId: string }).leaseId, tokens: 0, costNanoUsd: 0 }]);
    const status = await stub.status();
    expect(status?.budget).toMatchObject({ spentUsd: 0.1, reservedUsd: 0 });
    expect(status?.concurrency).toEqual({ limit: 1, inUse: 0 });
    expect(status?.tokens?.remaining).toBe(900);
  });

  it('reclaims the lease of a worker that died mid-request when the alarm runs after the lease expires', async () => {
    const { stub, clock } = await limiter({ maxConcurrent: 1, budgetUsd: 1 });
    expect((await stub.admit(demand({ costNanoUsd: 250_000_000 }))).kind).toBe('admitted');
    // The worker never settles. The slot stays taken until the lease expires.
    expect((await stub.admit(demand())).kind).toBe('limited');
    clock.advance(60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.admit(demand())).kind).toBe('limited');
    clock.advance(15 * 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const status = await stub.status();
    expect(status?.concurrency).toEqual({ limit: 1, inUse: 0 });
    // The dead request may have reached the provider: its worst case is booked as spend.
    expect(status?.budget?.spentUsd).toBe(0.25);
    expect((await stub.admit(demand())).kind).toBe('admitted');
  });

  it('refills requests per minute continuously with the clock', async () => {
    const { stub, clock } = await limiter({ requestsPerMinute: 2 });
    expect(kinds(await Promise.all([stub.admit(demand()), stub.admit(demand()), stub.admit(demand())]))).toEqual([
      'admitted',
      'admitted',
      'limited',
    ]);
    clock.advance(29_999);
    expect((await stub.admit(demand())).kind).toBe('limited');
    clock.advance(1);
    expect((await stub.admit(demand())).kind).toBe('admitted');
  });

  it('queues a burst for the rate window instead of refusing, within max wait and max queue length', async () => {
    const { stub } = await limiter({ requestsPerMinute: 60, queue: { maxWaitMs: 2500, maxQueued: 5 } });
    const results = await Promise.all(Array.from({ length: 6 }, () => stub.admit(demand())));
    // Burst of 60 available at once: every request is admitted with no wait.
    expect(results.every((result) => result.kind === 'admitted' && result.waitMs === 0)).toBe(true);
    const { stub: tight } = await limiter({ requestsPerMinute: 1, queue: { maxWaitMs: 120_000, maxQueued: 1 } });
    const [first, second, third] = await Promise.all([tight.admit(demand()), tight.admit(demand()), tight.admit(demand())]);
    expect(first).toMatchObject({ kind: 'admitted', waitMs: 0 });
    expect(second).toMatchObject({ kind: 'admitted', waitMs: 60_000 });
    expect(third).toMatchObject({ kind: 'limited', queueFull: true });
  });

  it('refuses a wait longer than the queue allows', async () => {
    const { stub } = await limiter({ requestsPerMinute: 1, queue: { maxWaitMs: 1000, maxQueued: 10 } });
    expect((await stub.admit(demand())).kind).toBe('admitted');
    expect(await stub.admit(demand())).toMatchObject({ kind: 'limited', limit: 'requests', retryAfterMs: 60_000 });
  });

  it('lets a request wait for a concurrency slot and admits it when one is released', async () => {
    const { stub } = await limiter({ maxConcurrent: 1, queue: { maxWaitMs: 60_000, maxQueued: 1 } });
    const first = await stub.admit(demand());
    const waiting = stub.admit(demand());
    // Queue of one is now full.
    expect(await stub.admit(demand())).toMatchObject({ kind: 'limited', limit: 'concurrency', queueFull: true });
    await stub.settle({ leaseId: (first as { leaseId: string }).leaseId, tokens: 0, costNanoUsd: 0 });
    expect((await waiting).kind).toBe('admitted');
  });

  it('refuses unknown or rotated-out credentials and everything after revocation', async () => {
    const { stub, clock } = await limiter({});
    expect((await stub.admit(demand({ credentialHash: 'b'.repeat(64) }))).kind).toBe('unknown-credential');
    await stub.rotate('c'.repeat(64), 1000);
    expect(await stub.verify(CREDENTIAL)).toBe('ok');
    clock.advance(1000);
    expect(await stub.verify(CREDENTIAL)).toBe('unknown-credential');
    expect(await stub.verify('c'.repeat(64))).toBe('ok');
    await stub.revoke();
    expect((await stub.admit(demand({ credentialHash: 'c'.repeat(64) }))).kind).toBe('revoked');
  });

  it('keeps its state across eviction (it is stored, not only in memory)', async () => {
    const { stub } = await limiter({ requestsPerMinute: 1, maxConcurrent: 5 });
    expect((await stub.admit(demand())).kind).toBe('admitted');
    await evictDurableObject(stub);
    const stored = await runInDurableObject(stub, (_instance: KeyLimiter, state) => state.storage.kv.get<{ leases: object }>('state'));
    expect(Object.keys(stored?.leases ?? {})).toHaveLength(1);
    expect((await stub.status())?.concurrency).toEqual({ limit: 5, inUse: 1 });
  });

  it('reads budget state stored before costs were integer nano-dollars', async () => {
    const { stub } = await limiter({ budgetUsd: 1, budgetPeriod: 'day' });
    expect((await stub.admit(demand())).kind).toBe('admitted');
    await evictDurableObject(stub);
    await runInDurableObject(stub, (_instance: KeyLimiter, state) => {
      const stored = state.storage.kv.get<{ budget: Record<string, number>; leases: Record<string, Record<string, number>> }>('state');
      if (!stored) throw new Error('no state');
      stored.budget = { periodStart: stored.budget.periodStart as number, spentUsd: 0.1 };
      for (const lease of Object.values(stored.leases)) {
        delete lease.costNanoUsd;
        lease.costUsd = 0.2;
      }
      state.storage.kv.put('state', stored);
    });
    await evictDurableObject(stub);
    await freezeLimiterClock(stub.id.name ?? '');
    expect((await stub.status())?.budget).toMatchObject({ spentUsd: 0.1, reservedUsd: 0.2 });
    expect((await stub.admit(demand({ costNanoUsd: 700_000_000 }))).kind).toBe('admitted');
    expect((await stub.admit(demand({ costNanoUsd: 1 }))).kind).toBe('budget-exhausted');
  });
});
