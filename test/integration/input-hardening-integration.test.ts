/**
 * Hostile input gets a 4xx before any work (issue 14), in the surface's error shape, and the
 * fake upstream never sees the request: JSON nested past the limit (cache on), model ids with
 * control characters or past 256 characters, hostile gateway headers, Azure deployment names
 * that would leave the deployments path, and admin input naming what is not configured.
 */
import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';
import { admin, createKey } from '../support/keys';

const marker = () => `hardening-${crypto.randomUUID()}`;

/** A chat body whose message carries `tag`, so the upstream log can be searched for it. */
const chatBody = (tag: string, extra: Record<string, unknown> = {}) => ({
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: tag }],
  ...extra,
});

async function sentUpstream(tag: string): Promise<number> {
  return (await upstreamRequests()).filter((entry) => JSON.stringify(entry.body ?? {}).includes(tag)).length;
}

function nested(depth: number): unknown {
  let value: unknown = { type: 'string' };
  for (let i = 0; i < depth; i++) value = { type: 'object', properties: { x: value } };
  return value;
}

async function expectOpenAIError(response: Response, status: number, param?: string | null): Promise<{ message: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { message: string; type: string; param: string | null } };
  expect(body.error.type).toBe('invalid_request_error');
  if (param !== undefined) expect(body.error.param).toBe(param);
  return body.error;
}

describe('JSON depth limit', () => {
  it('3,000 levels in tools with the cache on → 400 naming the limit, no upstream call', async () => {
    const tag = marker();
    // Built as text: JSON.stringify itself runs out of stack at this depth.
    const deep = `${'{"type":"object","properties":{"x":'.repeat(3000)}{"type":"string"}${'}}'.repeat(3000)}`;
    const body = JSON.stringify(chatBody(tag, { tools: [{ type: 'function', function: { name: 'deep', parameters: 'DEEP' } }] }));
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      body: body.replace('"DEEP"', deep),
      headers: { 'x-switchboard-cache': 'on', 'content-type': 'application/json' },
    });
    const error = await expectOpenAIError(response, 400);
    expect(error.message).toMatch(/deeper than 64 levels/);
    expect(await sentUpstream(tag)).toBe(0);
  });

  it('a deep tool input_schema on /v1/messages (cache on) → 400 in the Anthropic shape', async () => {
    const tag = marker();
    const deep = `${'{"type":"object","properties":{"x":'.repeat(3000)}{"type":"string"}${'}}'.repeat(3000)}`;
    const body = JSON.stringify({
      model: 'openai/gpt-4o-mini',
      max_tokens: 5,
      messages: [{ role: 'user', content: tag }],
      tools: [{ name: 'deep', input_schema: 'DEEP' }],
    });
    const response = await gateway('/v1/messages', {
      method: 'POST',
      body: body.replace('"DEEP"', deep),
      headers: { 'x-switchboard-cache': 'on', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(await sentUpstream(tag)).toBe(0);
  });

  it('a realistic tool schema (10 levels) still passes', async () => {
    const tag = marker();
    const tools = [{ type: 'function', function: { name: 'ok', parameters: nested(10) } }];
    const response = await gateway('/v1/chat/completions', { method: 'POST', json: chatBody(tag, { tools }) });
    expect(response.status).toBe(200);
    await response.text();
  });
});

describe('model ids', () => {
  for (const [name, model] of [
    ['NUL', 'openai/gpt-4o-mini\u0000'],
    ['CR LF', 'openai/gpt-4o-mini\r\nx-injected: 1'],
    ['a space', 'openai/gpt 4o'],
    ['257 characters', `openai/${'m'.repeat(250)}`],
  ] as const) {
    it(`${name} → 400 on /v1/chat/completions before any upstream call`, async () => {
      const tag = marker();
      const response = await gateway('/v1/chat/completions', { method: 'POST', json: chatBody(tag, { model }) });
      await expectOpenAIError(response, 400, 'model');
      expect(await sentUpstream(tag)).toBe(0);
    });
  }

  it('control characters in the model on /v1/messages and /v1/embeddings → 400', async () => {
    const tag = marker();
    const messages = await gateway('/v1/messages', {
      method: 'POST',
      json: { model: 'openai/x\r\ny', max_tokens: 5, messages: [{ role: 'user', content: tag }] },
    });
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const embeddings = await gateway('/v1/embeddings', { method: 'POST', json: { model: 'openai/x\u0007', input: tag } });
    await expectOpenAIError(embeddings, 400, 'model');
    expect(await sentUpstream(tag)).toBe(0);
  });
});

describe('gateway headers', () => {
  const post = (tag: string, headers: Record<string, string>) =>
    gateway('/v1/chat/completions', { method: 'POST', json: chatBody(tag), headers });

  it('a 64 KB x-switchboard-route → 400, never echoed', async () => {
    const tag = marker();
    const response = await post(tag, { 'x-switchboard-route': 'r'.repeat(65_536) });
    await expectOpenAIError(response, 400, 'x-switchboard-route');
    expect(response.headers.get('x-switchboard-route')).toBeNull();
    expect(await sentUpstream(tag)).toBe(0);
  });

  it('more than 16 route targets, or a control character in one → 400', async () => {
    const tag = marker();
    const many = Array.from({ length: 17 }, (_, i) => `openai/m${i}`).join(',');
    await expectOpenAIError(await post(tag, { 'x-switchboard-route': many }), 400, 'x-switchboard-route');
    await expectOpenAIError(await post(tag, { 'x-switchboard-route': 'openai/gpt-4o-mini\u0001' }), 400, 'x-switchboard-route');
    await expectOpenAIError(await post(tag, { 'x-switchboard-session': 'abc\u007f' }), 400, 'x-switchboard-session');
    expect(await sentUpstream(tag)).toBe(0);
  });

  it('x-switchboard-cache takes its documented values exactly: ON and "" → 400, on → 200', async () => {
    const tag = marker();
    await expectOpenAIError(await post(tag, { 'x-switchboard-cache': 'ON' }), 400, 'x-switchboard-cache');
    await expectOpenAIError(await post(tag, { 'x-switchboard-cache': '' }), 400, 'x-switchboard-cache');
    expect(await sentUpstream(tag)).toBe(0);
    const fine = await post(tag, { 'x-switchboard-cache': 'bypass' });
    expect(fine.status).toBe(200);
    await fine.text();
  });
});

describe('Azure deployment names', () => {
  for (const deployment of ['..', '.', '...']) {
    it(`azure/${deployment} → 400 before any upstream call`, async () => {
      const tag = marker();
      const response = await gateway('/v1/chat/completions', { method: 'POST', json: chatBody(tag, { model: `azure/${deployment}` }) });
      await expectOpenAIError(response, 400, 'model');
      expect(await sentUpstream(tag)).toBe(0);
    });
  }

  it('azure/.. on /v1/embeddings → 400', async () => {
    const tag = marker();
    await expectOpenAIError(await gateway('/v1/embeddings', { method: 'POST', json: { model: 'azure/..', input: tag } }), 400, 'model');
    expect(await sentUpstream(tag)).toBe(0);
  });
});

describe('admin input is checked against what is configured', () => {
  it('a BYOK credential for an unknown provider → 400, nothing stored', async () => {
    const { id } = await createKey();
    const response = await admin(`/keys/${id}/providers/no-such-provider`, { method: 'PUT', json: { apiKey: 'sk-unknown-1234567' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'provider', code: 'unknown_provider' } });
    const listed = (await (await admin(`/keys/${id}/providers`)).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
    const tenant = await admin('/tenants/acme/providers/no-such-provider', { method: 'PUT', json: { apiKey: 'sk-unknown-1234567' } });
    expect(tenant.status).toBe(400);
  });

  it('a key whose routing.defaultRoute names no route → 400 on create and update', async () => {
    const created = await admin('/keys', { method: 'POST', json: { name: 'bad-route', routing: { defaultRoute: 'no-such-route' } } });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ error: { param: 'routing.defaultRoute' } });
    const { id } = await createKey({ routing: { defaultRoute: 'fragile' } });
    const patched = await admin(`/keys/${id}`, { method: 'PATCH', json: { routing: { defaultRoute: 'missing' } } });
    expect(patched.status).toBe(400);
  });

  it('allowedProviders naming an unknown provider → 400 naming the entry', async () => {
    const created = await admin('/keys', { method: 'POST', json: { name: 'bad-provider', allowedProviders: ['openai', 'nope'] } });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ error: { param: 'allowedProviders[1]' } });
  });
});
