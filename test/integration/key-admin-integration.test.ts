import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, gateway } from '../support/gateway';
import { admin, chat, createKey, freezeLimiterClock, uniqueModel } from '../support/keys';

interface KeyView {
  id: string;
  name: string;
  status: string;
  hint: string;
  limits?: Record<string, unknown>;
  allowedModels?: string[];
  key?: string;
  previousKeyExpiresAt?: string;
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { message: string; code: string; param: string | null } }).error;
}

describe('admin API: gateway keys', () => {
  it('creates a key shown once, stored only by hash, usable at once', async () => {
    const response = await admin('/keys', {
      method: 'POST',
      json: { name: 'ci', owner: { team: 'search' }, limits: { requestsPerMinute: 100 }, allowedModels: ['openai/*'] },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = (await response.json()) as KeyView;
    expect(created.key).toMatch(/^sb-[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'ci', status: 'active', limits: { requestsPerMinute: 100 } });
    expect(created.hint).toBe(`${created.key?.slice(0, 9)}…`);
    expect(JSON.stringify(created)).not.toContain('credentialHashes');

    const fetched = (await (await admin(`/keys/${created.id}`)).json()) as KeyView;
    expect(fetched.key).toBeUndefined();
    expect(fetched.name).toBe('ci');
    const stored = await env.KEYS.list();
    for (const entry of stored.keys) expect(entry.name).not.toContain(created.key as string);
    for (const entry of stored.keys) expect((await env.KEYS.get(entry.name)) ?? '').not.toContain(created.key as string);

    expect((await chat(created.key as string, `openai/${uniqueModel()}`)).status).toBe(200);
  });

  it('lists keys with a cursor', async () => {
    await createKey();
    await createKey();
    const first = (await (await admin('/keys?limit=1')).json()) as { data: KeyView[]; next_cursor: string | null };
    expect(first.data).toHaveLength(1);
    expect(first.next_cursor).toBeTruthy();
    const second = (await (await admin(`/keys?limit=1&cursor=${encodeURIComponent(first.next_cursor ?? '')}`)).json()) as {
      data: KeyView[];
    };
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
  });

  it('updates limits and the allow-list, effective on the next request', async () => {
    const { id, key } = await createKey();
    await freezeLimiterClock(id);
    const patched = await admin(`/keys/${id}`, {
      method: 'PATCH',
      json: { limits: { requestsPerMinute: 1 }, allowedModels: ['openai/gpt-4o-mini*'] },
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as KeyView).allowedModels).toEqual(['openai/gpt-4o-mini*']);
    const denied = await chat(key, 'openai/gpt-4.1');
    expect(denied.status).toBe(403);
    expect(await errorOf(denied)).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    expect((await chat(key, `openai/${uniqueModel()}`)).status).toBe(200);
    expect((await chat(key, `openai/${uniqueModel()}`)).status).toBe(429);
    const cleared = await admin(`/keys/${id}`, { method: 'PATCH', json: { limits: null } });
    expect(((await cleared.json()) as KeyView).limits).toBeUndefined();
    expect((await chat(key, `openai/${uniqueModel()}`)).status).toBe(200);
  });

  it('enforces the provider allow-list', async () => {
    const { key } = await createKey({ allowedProviders: ['anthropic'] });
    const denied = await chat(key, `openai/${uniqueModel()}`);
    expect(denied.status).toBe(403);
    expect(await errorOf(denied)).toMatchObject({ code: 'provider_not_allowed' });
  });

  it('revocation takes effect on the next request, on every route', async () => {
    const { id, key } = await createKey();
    expect((await chat(key, `openai/${uniqueModel()}`)).status).toBe(200);
    expect((await gateway('/v1/models', { key })).status).toBe(200);
    const revoked = await admin(`/keys/${id}`, { method: 'DELETE' });
    expect(((await revoked.json()) as KeyView).status).toBe('revoked');
    const refused = await chat(key, `openai/${uniqueModel()}`);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe('invalid_api_key');
    expect((await gateway('/v1/models', { key })).status).toBe(401);
    expect((await admin(`/keys/${id}/rotate`, { method: 'POST' })).status).toBe(409);
  });

  it('revocation is immediate even while a stale lookup is cached in the isolate', async () => {
    const { id, key } = await createKey();
    expect((await chat(key, `openai/${uniqueModel()}`)).status).toBe(200);
    // Revoke behind the KV index's back: only the KeyLimiter knows.
    await env.KEY_LIMITER.get(env.KEY_LIMITER.idFromName(id)).revoke();
    const refused = await chat(key, `openai/${uniqueModel()}`);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe('api_key_revoked');
  });

  it('rotation: the old key works within the grace period, is refused after it; the new key works', async () => {
    const { id, key: oldKey } = await createKey();
    const clock = await freezeLimiterClock(id);
    const rotated = await admin(`/keys/${id}/rotate`, { method: 'POST', json: { graceSeconds: 3600 } });
    expect(rotated.status).toBe(200);
    const view = (await rotated.json()) as KeyView;
    expect(view.key).toMatch(/^sb-/);
    expect(view.key).not.toBe(oldKey);
    expect(Date.parse(view.previousKeyExpiresAt ?? '')).toBe(clock.now + 3_600_000);
    expect((await chat(oldKey, `openai/${uniqueModel()}`)).status).toBe(200);
    expect((await chat(view.key as string, `openai/${uniqueModel()}`)).status).toBe(200);
    clock.advance(3_600_000);
    expect((await chat(oldKey, `openai/${uniqueModel()}`)).status).toBe(401);
    expect((await gateway('/v1/ratelimit', { key: oldKey })).status).toBe(401);
    expect((await chat(view.key as string, `openai/${uniqueModel()}`)).status).toBe(200);
  });

  it('rotation without a body uses the documented 24-hour grace period', async () => {
    const { id } = await createKey();
    const clock = await freezeLimiterClock(id);
    const view = (await (await admin(`/keys/${id}/rotate`, { method: 'POST' })).json()) as KeyView;
    expect(Date.parse(view.previousKeyExpiresAt ?? '')).toBe(clock.now + 86_400_000);
  });

  it.each([
    ['unknown field', { name: 'x', colour: 'blue' }, 'unknown_parameter', 'colour'],
    ['negative limit', { name: 'x', limits: { requestsPerMinute: -1 } }, 'invalid_value', 'limits.requestsPerMinute'],
    ['absurd limit', { name: 'x', limits: { tokensPerMinute: 1e15 } }, 'invalid_value', 'limits.tokensPerMinute'],
    ['fractional limit', { name: 'x', limits: { maxConcurrent: 1.5 } }, 'invalid_type', 'limits.maxConcurrent'],
    ['wrong type', { name: 'x', limits: { budgetUsd: '10' } }, 'invalid_type', 'limits.budgetUsd'],
    ['unknown limit', { name: 'x', limits: { requestsPerHour: 5 } }, 'unknown_parameter', 'limits.requestsPerHour'],
    ['missing name', {}, 'invalid_type', 'name'],
    ['bad provider id', { name: 'x', allowedProviders: ['Open AI'] }, 'invalid_value', 'allowedProviders.0'],
  ])('bad input (%s) is a 400 naming the field', async (_label, json, code, param) => {
    const response = await admin('/keys', { method: 'POST', json });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.param).toBe(param);
    if (code !== 'invalid_type') expect(error.code).toBe(code);
    expect(error.message).toContain(param.split('.').at(-1) as string);
  });

  it('malformed JSON, a non-JSON body and a non-object body are 400s, not 500s', async () => {
    const malformed = await admin('/keys', { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('invalid_json');
    const text = await admin('/keys', { method: 'POST', body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(text.status).toBe(400);
    const array = await admin('/keys', { method: 'POST', json: [1, 2] });
    expect(array.status).toBe(400);
    const emptyJson = await admin('/keys/key_0000000000000000/rotate', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(emptyJson.status).toBe(400);
  });

  it('bad PATCH, bad rotate, bad ids and unknown keys are 4xx', async () => {
    const { id } = await createKey();
    expect((await admin(`/keys/${id}`, { method: 'PATCH', json: {} })).status).toBe(400);
    expect((await admin(`/keys/${id}`, { method: 'PATCH', json: { name: 42 } })).status).toBe(400);
    expect((await admin(`/keys/${id}/rotate`, { method: 'POST', json: { graceSeconds: -5 } })).status).toBe(400);
    expect((await admin(`/keys/${id}/rotate`, { method: 'POST', json: { graceSeconds: 1e12 } })).status).toBe(400);
    expect((await admin('/keys/not-a-key')).status).toBe(400);
    expect((await admin('/keys/key_0000000000000000')).status).toBe(404);
    expect((await admin('/keys?limit=0')).status).toBe(400);
  });

  it('a wrong admin token is 401; a gateway key (bootstrap or created) can never reach /admin', async () => {
    const { key } = await createKey();
    const refusal = async (response: Response) => ({ status: response.status, code: (await errorOf(response)).code });
    const wrongKind = { status: 403, code: 'credential_not_allowed_here' };
    expect(await refusal(await gateway('/admin/keys', { key: 'wrong-token' }))).toEqual({ status: 401, code: 'invalid_api_key' });
    for (const credential of [GATEWAY_KEY, key]) {
      // A valid key of the wrong kind is told so, not called invalid.
      expect(await refusal(await gateway('/admin/keys', { key: credential })), credential).toEqual(wrongKind);
      const created = await gateway('/admin/keys', { method: 'POST', key: credential, json: { name: 'sneaky' } });
      expect(await refusal(created)).toEqual(wrongKind);
    }
    expect((await gateway('/admin/keys', { key: null })).status).toBe(401);
    // The admin token is not a gateway key either.
    const asKey = await chat('sb-test-admin', `openai/${uniqueModel()}`);
    expect(asKey.status).toBe(403);
    expect((await errorOf(asKey)).message).toBe(
      'This credential cannot be used here: this route needs a gateway key, not the admin token.',
    );
  });

  it('bootstrap keys from SWITCHBOARD_KEYS keep working without any limiter', async () => {
    expect((await chat(GATEWAY_KEY, `openai/${uniqueModel()}`)).status).toBe(200);
  });
});
