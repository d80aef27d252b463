/**
 * A request admitted to a key's wait queue waits in the Worker (the KeyLimiter already
 * reserved its place in the window). A lot can change meanwhile, so before it is dispatched:
 *  - the client may go away: the wait ends at once (the request's abort signal), the
 *    reservation and concurrency slot are released, nothing is sent upstream;
 *  - the key may be revoked or its secret rotated out: the KeyLimiter is asked again → 401;
 *  - the key's allow-lists may have been edited: the stored key is read again → 403.
 * Any refusal releases the reservation first.
 */
import type { GatewayKey } from '../keys/gateway-key';
import { checkTargetAllowed, type NamedTarget } from '../keys/key-policy';
import { forgetCachedKeys, getStoredKey } from '../keys/key-store';
import { sleep } from '../routing/retry-policy';
import { abortError } from '../routing/timeouts';
import { limiterFor } from './limiter-client';
import { refusalError } from './rate-limit-response';

export interface QueuedRequest {
  key: GatewayKey;
  credentialHash: string;
  leaseId: string | null;
  waitMs: number;
  model: string;
  target: NamedTarget | undefined;
  signal: AbortSignal | undefined;
  /** `ctx.waitUntil`, so cleanup after a client disconnect still runs. */
  keepAlive?: (work: Promise<unknown>) => void;
}

export async function waitInQueue(env: Env, queued: QueuedRequest): Promise<void> {
  const limiter = limiterFor(env, queued.key.id);
  const release = async () => {
    if (queued.leaseId) await limiter.settle({ leaseId: queued.leaseId, tokens: 0, costNanoUsd: 0 }).catch(() => {});
  };
  try {
    await sleep(queued.waitMs, queued.signal);
  } catch {
    // The client is gone and this invocation's own I/O may be cancelled with it: let the
    // release outlive the request.
    const released = release();
    queued.keepAlive?.(released);
    await released;
    throw abortError(queued.signal ?? AbortSignal.abort());
  }
  const check = await limiter.verify(queued.credentialHash);
  if (check !== 'ok') {
    await release();
    forgetCachedKeys();
    throw refusalError({ kind: check });
  }
  if (queued.key.source !== 'admin') return;
  const stored = await getStoredKey(env, queued.key.id);
  if (!stored || stored.revokedAt) {
    await release();
    forgetCachedKeys();
    throw refusalError({ kind: 'revoked' });
  }
  if (!queued.target) return;
  try {
    checkTargetAllowed(stored, queued.target, queued.model);
  } catch (error) {
    await release();
    throw error;
  }
}
