import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Demand, Settlement } from '../../src/lib/limits/limiter-types';
import { deferSettlement, takeSettlements } from '../../src/lib/limits/settlement-batch';
import { freezeLimiterClock, limiterStub } from '../support/keys';

const CREDENTIAL = 'b'.repeat(64);

async function limitedKey() {
  const keyId = `key_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const stub = limiterStub(keyId);
  await stub.setup(CREDENTIAL, { maxConcurrent: 1, budgetUsd: 1 });
  await freezeLimiterClock(keyId);
  return { keyId, stub };
}

const demand = (): Demand => ({
  requestId: `req_${crypto.randomUUID()}`,
  credentialHash: CREDENTIAL,
  tokens: 10,
  costNanoUsd: 300_000_000,
});

async function admitOne(stub: ReturnType<typeof limiterStub>, settled: Settlement[] = []): Promise<string> {
  const result = await stub.admit(demand(), settled);
  if (result.kind !== 'admitted' || !result.leaseId) throw new Error(`not admitted: ${result.kind}`);
  return result.leaseId;
}

describe('settlements batched per isolate', () => {
  it('a settlement rides on the key’s next admission and is not sent again when its window ends', async () => {
    const { keyId, stub } = await limitedKey();
    const first = await admitOne(stub);
    const sent = deferSettlement(env, keyId, { leaseId: first, tokens: 10, costNanoUsd: 100_000_000 }, 50);
    // The next request of the key takes it (what admission.ts does) and gets the freed slot.
    const carried = takeSettlements(keyId);
    expect(carried.map((settlement) => settlement.leaseId)).toEqual([first]);
    const second = await admitOne(stub, carried);
    await sent;
    expect(takeSettlements(keyId)).toEqual([]);
    const status = await stub.status();
    // Booked once: 0.1 spent, the second request's 0.3 still reserved.
    expect(status?.budget).toMatchObject({ spentUsd: 0.1, reservedUsd: 0.3 });
    expect(status?.concurrency).toEqual({ limit: 1, inUse: 1 });
    expect(second).not.toBe(first);
  });

  it('without an admission, the settlements of the window go in one deferred call', async () => {
    const { keyId, stub } = await limitedKey();
    const first = await admitOne(stub);
    const pending = deferSettlement(env, keyId, { leaseId: first, tokens: 10, costNanoUsd: 100_000_000 }, 10);
    expect((await stub.admit(demand())).kind).toBe('limited');
    await pending;
    const status = await stub.status();
    expect(status?.concurrency).toEqual({ limit: 1, inUse: 0 });
    expect(status?.budget).toMatchObject({ spentUsd: 0.1, reservedUsd: 0 });
    // Two waiting together (this one and a later one) both arrive.
    const a = await admitOne(stub);
    const both = Promise.all([
      deferSettlement(env, keyId, { leaseId: a, tokens: 10, costNanoUsd: 50_000_000 }, 10),
      deferSettlement(env, keyId, { leaseId: 'req_unknown', tokens: 10, costNanoUsd: 50_000_000 }, 10),
    ]);
    await both;
    expect((await stub.status())?.budget).toMatchObject({ spentUsd: 0.15, reservedUsd: 0 });
  });
});
