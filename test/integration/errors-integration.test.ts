import { describe, expect, it } from 'vitest';
import { gateway } from '../support/gateway';

type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

const chat = (json: unknown, init: { key?: string | null; headers?: Record<string, string> } = {}) =>
  gateway('/v1/chat/completions', { method: 'POST', json, ...init });

const valid = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
/**
 * The strict schema guards the translated lane. To an OpenAI-style target the body is forwarded
 * and only what the gateway reads is checked (same-dialect-integration.test.ts).
 */
const translated = { ...valid, model: 'gemini/gemini-2.5-flash' };

interface ErrorMatch {
  type?: string;
  param?: string | null;
  code?: string | null;
  message?: RegExp | string;
}

async function expectError(response: Response, status: number, match: ErrorMatch) {
  expect(response.status).toBe(status);
  expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  const body = (await response.json()) as OpenAIErrorBody;
  const { message, ...rest } = match;
  expect(body.error).toMatchObject(rest);
  if (message) expect(body.error.message).toMatch(message);
  return body;
}

describe('authentication', () => {
  it('401 without a key, on every route', async () => {
    for (const path of ['/v1/chat/completions', '/v1/models', '/health', '/v1/nope', '/admin/keys']) {
      const response = await gateway(path, { key: null });
      await expectError(response, 401, { code: 'missing_api_key' });
    }
  });

  it('401 with a wrong key, and the key is not echoed', async () => {
    const body = await expectError(await chat(valid, { key: 'sb-wrong-key' }), 401, { code: 'invalid_api_key' });
    expect(JSON.stringify(body)).not.toContain('sb-wrong-key');
  });

  it('accepts x-api-key as the Anthropic SDK sends it', async () => {
    const response = await gateway('/v1/models', { key: null, headers: { 'x-api-key': 'sb-test-key-2' } });
    expect(response.status).toBe(200);
  });

  it('a gateway key cannot reach /admin', async () => {
    await expectError(await gateway('/admin/keys'), 403, {
      code: 'credential_not_allowed_here',
      message: 'This credential cannot be used here: this route needs the admin token, not a gateway key.',
    });
  });
});

describe('validation (400 in OpenAI shape)', () => {
  it('malformed JSON', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      body: '{"model":',
      headers: { 'content-type': 'application/json' },
    });
    await expectError(response, 400, { type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('empty body', async () => {
    await expectError(await gateway('/v1/chat/completions', { method: 'POST' }), 400, { code: 'invalid_json' });
  });

  it('wrong types', async () => {
    await expectError(await chat({ ...valid, messages: 'hi' }), 400, { param: 'messages', code: 'invalid_type' });
    await expectError(await chat({ ...valid, temperature: 'hot' }), 400, { param: 'temperature' });
    await expectError(await chat({ ...translated, messages: [{ role: 'wizard', content: 'x' }] }), 400, { param: 'messages.0.role' });
  });

  it('unknown fields, when the caller asks for strictness (otherwise they are dropped and named)', async () => {
    await expectError(await chat({ ...translated, temprature: 1 }, { headers: { 'x-switchboard-strict': 'true' } }), 400, {
      message: /'temprature' is not supported/,
      param: 'temprature',
    });
  });

  it.each([
    ['temperature', 2.5],
    ['temperature', -0.1],
    ['top_p', 1.5],
    ['frequency_penalty', -2.5],
    ['presence_penalty', 3],
    ['n', 0],
    ['max_tokens', 0],
    ['max_completion_tokens', -5],
    ['top_logprobs', 21],
  ])('out of range: %s = %s', async (param, value) => {
    await expectError(await chat({ ...translated, [param]: value }), 400, { param });
  });

  it('stream_options without stream', async () => {
    await expectError(await chat({ ...valid, stream_options: { include_usage: true } }), 400, { param: 'stream_options' });
  });

  it('413 for an oversized body', async () => {
    const huge = 'x'.repeat(11 * 1024 * 1024);
    const response = await chat({ ...valid, messages: [{ role: 'user', content: huge }] });
    await expectError(response, 413, { code: 'request_too_large' });
  });
});

describe('model addressing', () => {
  it('404 for an unknown provider when the name cannot fall back to the default', async () => {
    // With a default provider configured, `foo/bar` is a model id for it; an unknown route is still 404.
    await expectError(await gateway('/v1/does-not-exist'), 404, { code: 'unknown_route' });
  });

  it('400 naming the provider when it is known but not configured', async () => {
    await expectError(await chat({ ...valid, model: 'together/llama' }), 400, { code: 'provider_not_configured', message: /together/ });
  });

  it('a self-hosted server without a URL names the URL to set, not a key it does not need', async () => {
    const body = await expectError(await chat({ ...valid, model: 'vllm/llama' }), 400, { code: 'provider_not_configured' });
    expect(JSON.stringify(body)).toContain('VLLM_BASE_URL');
    expect(JSON.stringify(body)).not.toContain('VLLM_API_KEY');
  });

  it('404 when the upstream does not know the model', async () => {
    await expectError(await chat({ ...valid, model: 'openai/fixture:does-not-exist' }), 404, {});
  });
});

describe('upstream errors', () => {
  it('429 passes retry-after and is marked retryable', async () => {
    const response = await chat({ ...valid, model: 'openai/gpt-4o-mini@status=429@retry-after=7' });
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-should-retry')).toBe('true');
    await expectError(response, 429, { type: 'rate_limit_error' });
  });

  it('a provider 401 becomes a 502 that leaks neither the provider key nor its message', async () => {
    const response = await chat({ ...valid, model: 'openai/gpt-4o-mini@status=401' });
    const body = await expectError(response, 502, { code: 'upstream_authentication_failed' });
    expect(JSON.stringify(body)).not.toMatch(/sk-fake|Incorrect API key/);
  });

  it.each([500, 503])('%s is classified retryable', async (status) => {
    const response = await chat({ ...valid, model: `openai/gpt-4o-mini@status=${status}` });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get('x-should-retry')).toBe('true');
  });

  it('a connection reset is a retryable 502', async () => {
    const response = await chat({ ...valid, model: 'openai/gpt-4o-mini@reset' });
    await expectError(response, 502, { code: 'upstream_unreachable' });
  });

  it('a truncated JSON body is a 502, not a 500', async () => {
    const response = await chat({ ...valid, model: 'openai/gpt-4o-mini@malformed' });
    expect(response.status).toBe(502);
  });
});

describe('CORS', () => {
  it('answers a preflight without a key and exposes the gateway headers', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'OPTIONS',
      key: null,
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('exposes x-request-id to browsers on actual responses', async () => {
    const response = await gateway('/v1/models', { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });
});

describe('models and health', () => {
  it('lists the configured providers’ models with context window, capabilities and price', async () => {
    const response = await gateway('/v1/models');
    const body = (await response.json()) as {
      data: { id: string; context_window: number; capabilities: string[]; pricing: { input: number } }[];
    };
    const mini = body.data.find((model) => model.id === 'openai/gpt-4o-mini');
    expect(mini).toMatchObject({ context_window: 128_000, capabilities: expect.arrayContaining(['tools']), pricing: { input: 0.15 } });
    expect(body.data.some((model) => model.id.startsWith('together/'))).toBe(false);
  });

  it('health names configured providers and no secrets', async () => {
    const body = await (await gateway('/health')).json();
    expect(body).toMatchObject({ status: 'ok', providers: expect.arrayContaining(['openai']) });
    expect(JSON.stringify(body)).not.toContain('sk-fake');
  });
});
