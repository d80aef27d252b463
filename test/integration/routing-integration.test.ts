/**
 * The routing fault matrix, end to end in workerd against the fake upstream: each fault
 * asserts the calls made (fake request log and `x-switchboard-attempts`), the target that
 * served, the final status and the error shape. Fallbacks run between two OpenAI-style
 * families (`openai`, `deepseek`); 529 is exercised both as an OpenAI-style status and in
 * Anthropic's own shape.
 */
import { describe, expect, it } from 'vitest';
import { fakeUpstreamUrl, gateway, upstreamRequests } from '../support/gateway';

interface Logged {
  family: string;
  body: { model?: string; max_tokens?: number; temperature?: number };
  at: number;
  aborted?: boolean;
  dropped?: string;
}

const tag = () => crypto.randomUUID().slice(0, 8);
const messages = [{ role: 'user', content: 'hi' }];

function chat(json: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return gateway('/v1/chat/completions', { method: 'POST', json: { model: 'routed', messages, ...json }, headers });
}

/** Both families with models unique to this test: `openai/gpt-4o-mini-<id><suffix>, deepseek/deepseek-chat-<id>`. */
function pair(id: string, openaiSuffix = '') {
  return { 'x-switchboard-route': `openai/gpt-4o-mini-${id}${openaiSuffix}, deepseek/deepseek-chat-${id}` };
}

async function script(match: string, responses: string[]): Promise<void> {
  const response = await fetch(`${fakeUpstreamUrl()}/__fake/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match, responses }),
  });
  expect(response.status).toBe(200);
}

async function calls(match: string): Promise<Logged[]> {
  const log = (await upstreamRequests()) as unknown as Logged[];
  return log.filter((entry) => String(entry.body?.model ?? '').includes(match));
}

const families = (log: Logged[]) => log.map((entry) => entry.family);

async function sseData(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice(6));
}

describe('routing fault matrix', () => {
  it('429 with a short retry-after: waits for it and retries the same target', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@status=429@retry-after=0.03', 'ok']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    // Targets listed in the request header: the response names them as the route used.
    expect(response.headers.get('x-switchboard-route')).toBe(`openai/gpt-4o-mini-${id},deepseek/deepseek-chat-${id}`);
    const log = await calls(id);
    expect(families(log)).toEqual(['openai', 'openai']);
    expect((log[1]?.at ?? 0) - (log[0]?.at ?? 0)).toBeGreaterThanOrEqual(25);
  });

  it('429 with a retry-after longer than worth waiting: falls back to the next target at once', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@status=429@retry-after=30']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(families(await calls(id))).toEqual(['openai', 'deepseek']);
  });

  it("429 on the only target with a long retry-after: the provider's 429 and retry-after reach the caller", async () => {
    const id = tag();
    const response = await chat({}, { 'x-switchboard-route': `openai/gpt-4o-mini-${id}@status=429@retry-after=30` });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
  });

  it('500 then success: one retry on the same target', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@status=500', 'ok']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(families(await calls(id))).toEqual(['openai', 'openai']);
  });

  it('503 twice: the target uses its attempts, then the fallback serves', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@status=503', '@status=503']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-model')).toBe(`deepseek-chat-${id}`);
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    expect(families(await calls(id))).toEqual(['openai', 'openai', 'deepseek']);
  });

  it('529 everywhere: every attempt made, then a 503 overloaded error in the OpenAI shape', async () => {
    const id = tag();
    const response = await chat(
      {},
      { 'x-switchboard-route': `openai/gpt-4o-mini-${id}@status=529, deepseek/deepseek-chat-${id}@status=529` },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('x-switchboard-attempts')).toBe('4');
    expect(response.headers.get('x-should-retry')).toBe('true');
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('server_error');
    expect(body.error.message).toMatch(/^deepseek: /);
    expect(families(await calls(id))).toEqual(['openai', 'openai', 'deepseek', 'deepseek']);
  });

  it('Anthropic 529 overloaded: retried, then the OpenAI-style fallback serves', async () => {
    const id = tag();
    const response = await chat(
      {},
      { 'x-switchboard-route': `anthropic/claude-sonnet-4-5-${id}@status=529, deepseek/deepseek-chat-${id}` },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    expect(families(await calls(id))).toEqual(['anthropic', 'anthropic', 'deepseek']);
  });

  it('connection reset: retried as a network failure', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@reset', 'ok']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    const log = await calls(id);
    expect(log[0]?.dropped).toBe('reset');
    expect(families(log)).toEqual(['openai', 'openai']);
  });

  it('no first byte within the first-byte timeout: the attempt is aborted and the next target serves', async () => {
    const response = await chat({ model: 'slow-start' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-route')).toBe('slow-start');
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(families(await calls('slow-start'))).toEqual(['openai', 'deepseek']);
  });

  it('stream dropped before its first content: falls back, and the client sees one clean stream with one usage', async () => {
    const id = tag();
    const response = await chat({ stream: true, stream_options: { include_usage: true } }, pair(id, '@drop-after=1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    const data = await sseData(response);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as { usage?: unknown; error?: unknown });
    expect(chunks.filter((chunk) => chunk.error)).toEqual([]);
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
    const log = await calls(id);
    expect(families(log)).toEqual(['openai', 'openai', 'deepseek']);
    expect(log[0]?.dropped).toBe('after 1 events');
  });

  it('stream dropped after its first content: no silent switch, the client gets the terminal error event', async () => {
    const id = tag();
    const response = await chat({ stream: true }, pair(id, '@drop-after=2'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    const data = await sseData(response);
    expect(data).not.toContain('[DONE]');
    expect(JSON.parse(data.at(-1) ?? '{}')).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_stream_error' } });
    expect(families(await calls(id))).toEqual(['openai']);
  });

  it('stream silent for longer than the idle timeout before content: falls back', async () => {
    const response = await chat({ model: 'goes-quiet', stream: true });
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect((await sseData(response)).at(-1)).toBe('[DONE]');
    expect(families(await calls('goes-quiet'))).toEqual(['openai', 'deepseek']);
  });

  it('malformed JSON body: retried, then served', async () => {
    const id = tag();
    await script(`gpt-4o-mini-${id}`, ['@malformed', 'ok']);
    const response = await chat({}, pair(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(families(await calls(id))).toEqual(['openai', 'openai']);
  });

  it('malformed event mid-stream after content, translated: a terminal error event, no switch', async () => {
    const id = tag();
    const response = await gateway('/v1/messages', {
      method: 'POST',
      headers: pair(id, '@malformed'),
      json: { model: `openai/gpt-4o-mini-${id}`, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    const text = await response.text();
    expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error"[^\n]*\n\n$/);
    expect(families(await calls(id))).toEqual(['openai']);
  });

  it('malformed event mid-stream, same dialect: the client gets the provider bytes as sent, no switch', async () => {
    const id = tag();
    const response = await chat({ stream: true }, pair(id, '@malformed'));
    const data = await sseData(response);
    expect(data.some((event) => event.includes('fake-malformed'))).toBe(true);
    expect(data.at(-1)).toBe('[DONE]');
    expect(families(await calls(id))).toEqual(['openai']);
  });

  it('400 is not retried and does not fall back', async () => {
    const id = tag();
    const response = await chat({}, pair(id, '@status=400'));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(families(await calls(id))).toEqual(['openai']);
  });
});

describe('routing: breakers, deadlines, routes', () => {
  it('a failure that opens the breaker falls back; the next request skips the target without calling it', async () => {
    await script('gpt-4o-mini-fragile', ['@status=500']);
    const first = await chat({ model: 'fragile' });
    expect(first.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(first.headers.get('x-switchboard-attempts')).toBe('2');
    const second = await chat({ model: 'fragile' });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(second.headers.get('x-switchboard-attempts')).toBe('1');
    expect(families(await calls('fragile'))).toEqual(['openai', 'deepseek', 'deepseek']);
  });

  it('every breaker open: 503 with a clear message and retry-after, and no upstream call', async () => {
    const first = await chat({ model: 'all-down' });
    expect(first.status).toBe(503); // the last target's own 503
    expect(first.headers.get('x-switchboard-attempts')).toBe('2');
    const second = await chat({ model: 'all-down' });
    expect(second.status).toBe(503);
    expect(second.headers.get('x-switchboard-attempts')).toBe('0');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(500);
    const body = (await second.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('all_targets_unavailable');
    expect(body.error.message).toMatch(/route 'all-down'.*circuit breaker open/);
    expect(await calls('all-down')).toHaveLength(2);
  });

  it('x-switchboard-timeout-ms bounds the whole request: 504 deadline_exceeded, reported back', async () => {
    const id = tag();
    const response = await chat({}, { ...pair(id, '@first-byte-ms=5000'), 'x-switchboard-timeout-ms': '80' });
    expect(response.status).toBe(504);
    expect(response.headers.get('x-switchboard-timeout-ms')).toBe('80');
    expect(await response.json()).toMatchObject({ error: { type: 'timeout_error', code: 'deadline_exceeded' } });
    expect(families(await calls(id))).toEqual(['openai']);
  });

  it('applies per-target overrides and names the route', async () => {
    const response = await chat({ model: 'tuned', max_tokens: 5, temperature: 1.5 });
    expect(response.headers.get('x-switchboard-route')).toBe('tuned');
    const [sent] = await calls('deepseek-chat-tuned');
    expect(sent?.body).toMatchObject({ model: 'deepseek-chat-tuned', max_tokens: 77, temperature: 0.3 });
  });

  it('rejects a header route that names a host instead of a provider', async () => {
    const response = await chat({}, { 'x-switchboard-route': 'http://127.0.0.1:1/v1' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'x-switchboard-route', code: 'invalid_route' } });
  });
});
