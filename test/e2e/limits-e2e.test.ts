/**
 * End to end under `wrangler dev`: a key created through the admin API, used with the
 * official `openai` client; its limit answers the way the SDK expects (RateLimitError with
 * retry-after and the x-ratelimit-* headers), and its revocation is immediate.
 */
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/local-gateway.mjs';

const gatewayUrl = inject('gatewayUrl');

async function adminCall(path: string, init: { method: string; json?: unknown }) {
  const response = await fetch(`${gatewayUrl}/admin${path}`, {
    method: init.method,
    headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as { id: string; key: string } };
}

const ask = (client: OpenAI) =>
  client.chat.completions.create({
    model: `openai/gpt-4o-mini-${crypto.randomUUID().slice(0, 8)}`,
    messages: [{ role: 'user', content: 'hi' }],
  });

describe('gateway keys and limits (wrangler dev, openai SDK)', () => {
  it('a created key is limited, tells the SDK when to retry, and stops working once revoked', async () => {
    const created = await adminCall('/keys', { method: 'POST', json: { name: 'e2e', limits: { requestsPerMinute: 2 } } });
    expect(created.status).toBe(201);
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });

    const { response } = await ask(client).withResponse();
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await ask(client);
    const refused = await ask(client).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimited = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect(Number(rateLimited.headers?.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(rateLimited.headers?.get('x-ratelimit-remaining-requests')).toBe('0');

    expect((await adminCall(`/keys/${created.body.id}`, { method: 'DELETE' })).status).toBe(200);
    await expect(ask(client)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('a gateway key cannot use the admin API', async () => {
    const response = await fetch(`${gatewayUrl}/admin/keys`, { headers: { authorization: 'Bearer sb-dev-key-1' } });
    expect(response.status).toBe(403);
  });
});
