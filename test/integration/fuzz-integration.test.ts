/**
 * Fuzz (issue 14): generated malformed and hostile requests at every public route, inside
 * workerd with real bindings and the fake upstream. For every request: no 5xx, an error in
 * the shape of the surface called, no secret in the response, and no upstream call for a
 * request refused with a 4xx (each request carries a marker the upstream log is searched for).
 * Bounded: 60-120 runs per property, a few seconds in all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, gateway, upstreamRequests } from '../support/gateway';
import { ADMIN_TOKEN } from '../support/keys';

const runId = crypto.randomUUID().slice(0, 8);
let sequence = 0;
const nextMarker = () => `fuzz${runId}n${sequence++}`;

/** The test worker's secrets (vitest.config.ts bindings). */
const secrets = [
  'sk-fake-openai',
  'sk-ant-fake',
  'sb-test-admin',
  'dGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzLWxvbmchISE=',
  'fake-gemini-key',
  'sk-fake-deepseek',
  'fake-azure-key',
];

const refused: string[] = [];

/**
 * `deadlineMs`: the caller's own `x-switchboard-timeout-ms`, when it is a whole number. A deadline
 * the request cannot meet (1 ms) is answered 504 `deadline_exceeded`, as documented: the one 5xx
 * that is the caller's choice, not a gateway failure.
 */
async function check(response: Response, surface: 'openai' | 'anthropic', marker: string, deadlineMs?: number): Promise<void> {
  const text = await response.text();
  const deadlineMissed = deadlineMs !== undefined && response.status === 504;
  if (deadlineMissed) expect(JSON.parse(text).error.code, text.slice(0, 300)).toBe('deadline_exceeded');
  else expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  for (const secret of secrets) expect(text).not.toContain(secret);
  // A missed deadline may have reached the provider: it is not a refusal.
  if (response.status < 400 || deadlineMissed) return;
  refused.push(marker);
  const body = JSON.parse(text) as { type?: string; error?: { type?: unknown; message?: unknown } };
  expect(typeof body.error?.message).toBe('string');
  expect(typeof body.error?.type).toBe('string');
  if (surface === 'anthropic') expect(body.type).toBe('error');
}

function post(path: string, body: string, headers: Record<string, string> = {}, key: string = GATEWAY_KEY) {
  return gateway(path, { method: 'POST', key, body, headers: { 'content-type': 'application/json', ...headers } });
}

const anyValue = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(null), fc.double(), fc.array(fc.anything()));
const message = fc.oneof(
  fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'tool', 'developer', 'x'), content: fc.oneof(fc.string(), anyValue) }),
  anyValue,
);

/** A chat body with any field replaced by something generated (the marker rides in the last message). */
const chatBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom('openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'gemini/gemini-2.5-flash'), fc.string(), anyValue),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), anyValue),
    temperature: anyValue,
    max_tokens: fc.oneof(fc.integer(), anyValue),
    tools: anyValue,
    response_format: anyValue,
    stream: fc.oneof(fc.boolean(), anyValue),
    n: fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue),
  },
  { requiredKeys: ['model', 'messages'] },
);

function withMarker(body: Record<string, unknown>, marker: string): Record<string, unknown> {
  const messages = Array.isArray(body.messages) ? [...body.messages, { role: 'user', content: marker }] : body.messages;
  return { ...body, messages, metadata: { marker } };
}

/** Header values a client could really send (the Headers API refuses CR, LF and NUL itself). */
const ascii = fc.nat(127).map((code) => String.fromCharCode(code));
const headerValue = fc
  .oneof(fc.string({ maxLength: 300 }), fc.string({ unit: ascii, maxLength: 60 }), fc.constant(''), fc.constant('x'.repeat(70_000)))
  .filter((value) => {
    try {
      new Headers({ 'x-test': value });
      return true;
    } catch {
      return false;
    }
  });
const gatewayHeader = fc.constantFrom(
  'x-switchboard-cache',
  'x-switchboard-cache-ttl',
  'x-switchboard-route',
  'x-switchboard-timeout-ms',
  'x-switchboard-session',
  'x-switchboard-template',
  'x-switchboard-template-variables',
);

describe('fuzz: hostile input never answers 5xx, keeps its surface shape, leaks nothing', () => {
  it('mutated chat bodies on /v1/chat/completions and /v1/messages', async () => {
    await fc.assert(
      fc.asyncProperty(chatBody, fc.boolean(), async (body, anthropic) => {
        const marker = nextMarker();
        const json = withMarker(anthropic ? { max_tokens: 16, ...body } : body, marker);
        const response = await post(anthropic ? '/v1/messages' : '/v1/chat/completions', JSON.stringify(json));
        await check(response, anthropic ? 'anthropic' : 'openai', marker);
      }),
      { numRuns: 120 },
    );
  });

  it('raw bodies (any text, any JSON) on every POST route', async () => {
    const routes = [
      ['/v1/chat/completions', 'openai'],
      ['/v1/messages', 'anthropic'],
      ['/v1/messages/count_tokens', 'anthropic'],
      ['/v1/embeddings', 'openai'],
      ['/v1/sessions', 'openai'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.constant('{'.repeat(5000)),
        ),
        async ([path, surface], raw) => {
          const marker = nextMarker();
          await check(await post(path, raw, { 'x-fuzz': marker }), surface, marker);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('hostile gateway headers on a valid chat request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(gatewayHeader, headerValue), { minLength: 1, maxLength: 3 }), async (pairs) => {
        const marker = nextMarker();
        const headers = Object.fromEntries(pairs);
        const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: marker }] });
        const timeout = headers['x-switchboard-timeout-ms']?.trim();
        const deadlineMs = timeout && /^\d+$/.test(timeout) ? Number(timeout) : undefined;
        await check(await post('/v1/chat/completions', body, headers), 'openai', marker, deadlineMs);
      }),
      { numRuns: 100 },
    );
  });

  it('admin bodies: keys and BYOK credentials', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string({ maxLength: 40 }), async (value, provider) => {
        const marker = nextMarker();
        const created = await gateway('/admin/keys', {
          method: 'POST',
          key: ADMIN_TOKEN,
          json: typeof value === 'object' && value !== null && !Array.isArray(value) ? { name: marker, ...value } : value,
        });
        await check(created, 'openai', marker);
        const path = `/admin/tenants/fuzz/providers/${encodeURIComponent(provider) || 'x'}`;
        await check(await gateway(path, { method: 'PUT', key: ADMIN_TOKEN, json: { apiKey: 'sk-fuzz-credential-123' } }), 'openai', marker);
      }),
      { numRuns: 60 },
    );
  });

  it('no refused request ever reached the upstream', async () => {
    expect(refused.length).toBeGreaterThan(50);
    const logged = JSON.stringify(await upstreamRequests());
    const reached = refused.filter((marker) => logged.includes(`${marker}"`) || logged.includes(`${marker}\\"`));
    expect(reached).toEqual([]);
  });
});
