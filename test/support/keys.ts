/** Admin API helpers and a controllable clock for a key's KeyLimiter (no real sleeps). */

import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { KeyLimiter } from '../../src/durable-objects/key-limiter';
import { gateway } from './gateway';

export const ADMIN_TOKEN = 'sb-test-admin';

export function admin(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  return gateway(`/admin${path}`, { ...init, key: ADMIN_TOKEN });
}

export interface CreatedKey {
  id: string;
  key: string;
  [field: string]: unknown;
}

export async function createKey(body: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await admin('/keys', { method: 'POST', json: { name: `test-${crypto.randomUUID().slice(0, 8)}`, ...body } });
  if (response.status !== 201) throw new Error(`create key: ${response.status} ${await response.text()}`);
  return response.json();
}

export function limiterStub(keyId: string) {
  return env.KEY_LIMITER.get(env.KEY_LIMITER.idFromName(keyId));
}

export interface TestClock {
  now: number;
  advance(ms: number): void;
}

/**
 * Freeze the key's limiter clock. It starts a day ahead of real time so that alarms it
 * schedules never fire on their own during a test; `runDurableObjectAlarm` runs them.
 */
export async function freezeLimiterClock(keyId: string): Promise<TestClock> {
  const clock: TestClock = {
    now: Date.now() + 86_400_000,
    advance(ms) {
      this.now += ms;
    },
  };
  await runInDurableObject(limiterStub(keyId), (instance: KeyLimiter) => instance.useClock(() => clock.now));
  return clock;
}

export function chat(key: string, model: string, extra: Record<string, unknown> = {}): Promise<Response> {
  return gateway('/v1/chat/completions', { method: 'POST', key, json: { model, messages: [{ role: 'user', content: 'hi' }], ...extra } });
}

export const uniqueModel = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;
