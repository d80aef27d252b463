import { describe, expect, it } from 'vitest';
import { upstreamRequests } from '../support/gateway';
import { admin, chat, createKey, uniqueModel } from '../support/keys';

async function sentUpstream(model: string) {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model);
}

describe('bring your own key', () => {
  it('a key’s own credential replaces the gateway’s for that provider', async () => {
    const { id, key } = await createKey();
    const stored = await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: 'sk-byok-openai-own-1234' } });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ provider: 'openai', masterKeyId: expect.stringMatching(/^mk_[0-9a-f]{12}$/) });
    const model = uniqueModel();
    const response = await chat(key, `openai/${model}`);
    // The fake upstream only knows the gateway's key, so the caller's own key is refused there.
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('upstream_authentication_failed');
    // Reported as the caller's own credential, not the gateway's, and never quoted.
    expect(error.message).toBe('The openai provider rejected your own (BYOK) credential for it; ask your admin to update or clear it.');
    const [sent] = await sentUpstream(model);
    expect(sent?.auth?.value).toBe('Bearer sk-byok-openai-own-1234');
  });

  it('makes a provider the gateway holds no credential for reachable (xAI here)', async () => {
    const { id, key } = await createKey();
    const model = uniqueModel('grok-3');
    const without = await chat(key, `xai/${model}`);
    expect(without.status).toBe(400);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('provider_not_configured');
    await admin(`/keys/${id}/providers/xai`, { method: 'PUT', json: { apiKey: 'xai-fake' } });
    const response = await chat(key, `xai/${model}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('xai');
    const [sent] = await sentUpstream(model);
    expect(sent?.path).toMatch(/^\/xai\//);
    expect(sent?.auth?.value).toBe('Bearer xai-fake');
  });

  it('a tenant credential serves every key of the tenant; the key’s own wins over it', async () => {
    const tenant = `team-${crypto.randomUUID().slice(0, 8)}`;
    await admin(`/tenants/${tenant}/providers/xai`, { method: 'PUT', json: { apiKey: 'xai-fake' } });
    const member = await createKey({ tenant });
    const model = uniqueModel('grok-3');
    expect((await chat(member.key, `xai/${model}`)).status).toBe(200);
    await admin(`/keys/${member.id}/providers/xai`, { method: 'PUT', json: { apiKey: 'sk-member-own-5678' } });
    const ownModel = uniqueModel('grok-3');
    await chat(member.key, `xai/${ownModel}`);
    expect((await sentUpstream(ownModel))[0]?.auth?.value).toBe('Bearer sk-member-own-5678');
    const outsider = await createKey({ tenant: `${tenant}-other` });
    expect((await chat(outsider.key, `xai/${uniqueModel('grok-3')}`)).status).toBe(400);
  });

  it('never returns a stored credential; lists and deletes by provider', async () => {
    const { id } = await createKey();
    await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: 'sk-never-shown-9999' } });
    const list = await admin(`/keys/${id}/providers`);
    const text = await list.text();
    expect(text).not.toContain('sk-never-shown-9999');
    expect(JSON.parse(text)).toMatchObject({ data: [{ provider: 'openai' }] });
    expect((await admin(`/keys/${id}/providers/openai`, { method: 'DELETE' })).status).toBe(200);
    expect((await admin(`/keys/${id}/providers/openai`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses bad credential input', async () => {
    const { id } = await createKey();
    expect((await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: '' } })).status).toBe(400);
    expect((await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: 'x', extra: 1 } })).status).toBe(400);
    expect((await admin(`/keys/${id}/providers/Not%20A%20Provider`, { method: 'PUT', json: { apiKey: 'x' } })).status).toBe(400);
    expect((await admin('/keys/key_0000000000000000/providers/openai', { method: 'PUT', json: { apiKey: 'x' } })).status).toBe(404);
  });
});

describe('POST /admin/providers/:name/test', () => {
  interface Probe {
    ok: boolean;
    status: number;
    latency_ms: number;
    credential: string;
  }

  it('reports ok, status and latency for the gateway credential', async () => {
    const response = await admin('/providers/openai/test', { method: 'POST' });
    expect(response.status).toBe(200);
    const probe = (await response.json()) as Probe;
    expect(probe).toMatchObject({ ok: true, status: 200, credential: 'gateway' });
    expect(probe.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('reports a refused credential as ok: false with the provider status', async () => {
    const response = await admin('/providers/openai/test', { method: 'POST', json: { apiKey: 'sk-wrong-credential-000' } });
    expect(await response.json()).toMatchObject({ ok: false, status: 401, credential: 'supplied' });
  });

  it('tests a key’s stored credential, and probes with a one-token completion when given a model', async () => {
    const { id } = await createKey();
    await admin(`/keys/${id}/providers/xai`, { method: 'PUT', json: { apiKey: 'xai-fake' } });
    const listed = await admin('/providers/xai/test', { method: 'POST', json: { keyId: id } });
    expect(await listed.json()).toMatchObject({ ok: true, status: 200, credential: 'key' });
    const model = uniqueModel('grok-3');
    const completion = await admin('/providers/xai/test', { method: 'POST', json: { keyId: id, model } });
    expect(await completion.json()).toMatchObject({ ok: true, status: 200 });
    expect((await sentUpstream(model))[0]?.body.max_tokens).toBe(1);
  });

  it('answers 404 for unknown providers and missing credentials, 400 for bad input', async () => {
    expect((await admin('/providers/nowhere/test', { method: 'POST' })).status).toBe(404);
    expect((await admin('/providers/openai/test', { method: 'POST', json: { keyId: 'key_0000000000000000' } })).status).toBe(404);
    expect((await admin('/providers/openai/test', { method: 'POST', json: { verbose: true } })).status).toBe(400);
  });
});
