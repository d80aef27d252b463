import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GATEWAY_KEY, gateway, upstreamRequests } from '../support/gateway';
import { ADMIN_TOKEN, admin, chat, createKey, uniqueModel } from '../support/keys';

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;

describe('secrets never leave the gateway', () => {
  const captured: string[] = [];
  beforeEach(() => {
    for (const method of consoleMethods) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it('no response, console line, KV value or R2 object holds a provider key, BYOK credential, master key or gateway secret', async () => {
    const byokOpenAI = `sk-byok-scan-${crypto.randomUUID()}`;
    const byokXai = 'xai-fake';
    const providerKey = env.OPENAI_API_KEY as string;
    const otherProviderKey = env.DEEPSEEK_API_KEY as string;
    const masterKey = env.SWITCHBOARD_MASTER_KEY as string;
    const seen: string[] = [];
    const record = async (response: Response) => {
      seen.push(
        `${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${await response.text()}`,
      );
    };

    const created = await createKey({ limits: { requestsPerMinute: 6 } });
    const { id, key: gatewaySecret } = created;
    await record(await admin(`/keys/${id}/providers/openai`, { method: 'PUT', json: { apiKey: byokOpenAI } }));
    await record(await admin(`/keys/${id}/providers/xai`, { method: 'PUT', json: { apiKey: byokXai } }));

    const xaiModel = uniqueModel('grok-3');
    const byokModel = uniqueModel();
    await record(await chat(GATEWAY_KEY, `openai/${uniqueModel()}`));
    await record(await chat(GATEWAY_KEY, `openai/${uniqueModel()}`, { stream: true }));
    await record(await chat(GATEWAY_KEY, `openai/${uniqueModel()}@status=500`));
    await record(await chat(GATEWAY_KEY, `deepseek/${uniqueModel('deepseek-chat')}`));
    await record(await chat(GATEWAY_KEY, `openai/${uniqueModel()}@status=429`));
    await record(await chat(GATEWAY_KEY, `openai/${uniqueModel()}@drop-after=2`, { stream: true }));
    await record(await chat(gatewaySecret, `openai/${byokModel}`));
    await record(await chat(gatewaySecret, `xai/${xaiModel}`));
    await record(await chat(gatewaySecret, `xai/${uniqueModel('grok-3')}`, { stream: true }));
    await record(await chat(gatewaySecret, `xai/${uniqueModel('grok-3')}@status=401`));
    await record(
      await gateway('/v1/chat/completions', {
        method: 'POST',
        key: gatewaySecret,
        body: '{"model":',
        headers: { 'content-type': 'application/json' },
      }),
    );
    await record(await admin('/providers/openai/test', { method: 'POST', json: { keyId: id } }));
    await record(await admin('/providers/openai/test', { method: 'POST', json: { apiKey: 'sk-wrong-probe-credential' } }));
    await record(await admin('/providers/xai/test', { method: 'POST', json: { keyId: id, model: uniqueModel('grok-3') } }));
    await record(await admin(`/keys/${id}/providers`));
    await record(await admin(`/keys/${id}`));
    await record(await admin('/keys'));
    await record(await gateway('/v1/ratelimit', { key: gatewaySecret }));
    for (let attempt = 0; attempt < 3; attempt++) await record(await chat(gatewaySecret, `openai/${uniqueModel()}`));
    await record(await gateway('/health'));
    await record(await admin(`/keys/${id}`, { method: 'DELETE' }));
    await record(await chat(gatewaySecret, `openai/${uniqueModel()}`));
    await record(await gateway('/admin/keys', { key: gatewaySecret }));

    // Positive control: the secrets really were used, so their absence below means something.
    const log = await upstreamRequests();
    expect(log.some((entry) => entry.body?.model === byokModel && entry.auth?.value === `Bearer ${byokOpenAI}`)).toBe(true);
    expect(log.some((entry) => entry.body?.model === xaiModel && entry.auth?.value === `Bearer ${byokXai}`)).toBe(true);
    expect(seen.some((text) => text.startsWith('429'))).toBe(true);

    const stored: string[] = [];
    for (const namespace of [env.KEYS, env.CACHE]) {
      let cursor: string | undefined;
      do {
        const page = await namespace.list({ cursor });
        for (const entry of page.keys) stored.push(`${entry.name}=${(await namespace.get(entry.name)) ?? ''}`);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
    }
    for (const object of (await env.ARCHIVE.list()).objects)
      stored.push(`${object.key}=${await (await env.ARCHIVE.get(object.key))?.text()}`);
    expect(stored.length).toBeGreaterThan(0);

    const places = { responses: seen, console: captured, storage: stored };
    const secrets = { providerKey, otherProviderKey, byokOpenAI, byokXai, masterKey, adminToken: ADMIN_TOKEN, gatewaySecret };
    for (const [placeName, texts] of Object.entries(places)) {
      for (const [secretName, secret] of Object.entries(secrets)) {
        const leaks = texts.filter((text) => text.includes(secret));
        expect(leaks, `${secretName} found in ${placeName}`).toEqual([]);
      }
    }
  });
});
