import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';
import { chat, createKey, freezeLimiterClock, uniqueModel } from '../support/keys';
import { settledWorker } from '../support/worker-context';

const rateHeaders = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
];

describe('per-key limits through the gateway', () => {
  it('admits exactly rpm of N concurrent requests; the rest get 429 with a correct retry-after', async () => {
    const limit = 5;
    const { id, key } = await createKey({ limits: { requestsPerMinute: limit } });
    await freezeLimiterClock(id);
    const responses = await Promise.all(Array.from({ length: 40 }, () => chat(key, `openai/${uniqueModel()}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - limit);
    const refused = responses.find((response) => response.status === 429) as Response;
    // One request comes back every 60 s / 5 = 12 s; the clock is frozen, so exactly 12.
    expect(refused.headers.get('retry-after')).toBe('12');
    expect(refused.headers.get('retry-after-ms')).toBe('12000');
    expect(refused.headers.get('x-should-retry')).toBe('true');
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    const body = (await refused.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(body.error.message).toContain('requests per minute');
  });

  it('carries the x-ratelimit-* family on success, on refusals and on upstream errors', async () => {
    const { id, key } = await createKey({ limits: { requestsPerMinute: 3, tokensPerMinute: 10_000 } });
    await freezeLimiterClock(id);
    const ok = await chat(key, `openai/${uniqueModel()}`, { max_tokens: 100 });
    expect(ok.status).toBe(200);
    for (const name of rateHeaders) expect(ok.headers.get(name), name).not.toBeNull();
    expect(ok.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(ok.headers.get('x-ratelimit-limit-tokens')).toBe('10000');
    // "hi" is 4 + 1 estimated prompt tokens, plus max_tokens 100.
    expect(ok.headers.get('x-ratelimit-remaining-tokens')).toBe(String(10_000 - 105));

    const streamed = await chat(key, `openai/${uniqueModel()}`, { max_tokens: 100, stream: true });
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    expect(streamed.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await streamed.text();

    const upstreamFailure = await chat(key, `openai/${uniqueModel()}@status=500`, { max_tokens: 100 });
    expect(upstreamFailure.status).toBe(502);
    for (const name of rateHeaders) expect(upstreamFailure.headers.get(name), name).not.toBeNull();
    expect(upstreamFailure.headers.get('x-ratelimit-remaining-requests')).toBe('0');

    const refused = await chat(key, `openai/${uniqueModel()}`, { max_tokens: 100 });
    expect(refused.status).toBe(429);
    for (const name of rateHeaders) expect(refused.headers.get(name), name).not.toBeNull();
  });

  it('exposes the headers to browsers through CORS', async () => {
    const response = await gateway('/v1/ratelimit', { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining-requests');
  });

  it('refuses a request whose estimate exceeds the tokens-per-minute limit without suggesting a retry', async () => {
    const { key } = await createKey({ limits: { tokensPerMinute: 1000 } });
    const response = await chat(key, `openai/${uniqueModel()}`, { max_tokens: 5000 });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('tokens_exceed_limit');
  });

  it('refuses a priced request once the budget cannot cover its worst case', async () => {
    const { key } = await createKey({ limits: { budgetUsd: 0.0001, budgetPeriod: 'day' } });
    const response = await chat(key, 'openai/gpt-4o-mini', { max_tokens: 1000 });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-should-retry')).toBe('false');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toContain('$0.0001');
  });

  it('GET /v1/ratelimit reports the key limits and what remains', async () => {
    const limits = { requestsPerMinute: 10, tokensPerMinute: 5000, maxConcurrent: 3, budgetUsd: 5, budgetPeriod: 'month' };
    const { id, key } = await createKey({ limits });
    await freezeLimiterClock(id);
    expect((await chat(key, `openai/${uniqueModel()}`, { max_tokens: 50 })).status).toBe(200);
    const response = await gateway('/v1/ratelimit', { key });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('9');
    const body = (await response.json()) as Record<string, Record<string, unknown>>;
    expect(body.requests_per_minute).toMatchObject({ limit: 10, remaining: 9 });
    expect(body.tokens_per_minute?.limit).toBe(5000);
    expect(body.concurrency).toMatchObject({ limit: 3 });
    expect(body.budget).toMatchObject({ limit_usd: 5, period: 'month' });
    expect(body.queue).toBeNull();
  });

  it('GET /v1/ratelimit answers nulls for a bootstrap key without limits', async () => {
    const response = await gateway('/v1/ratelimit');
    expect(await response.json()).toMatchObject({ requests_per_minute: null, tokens_per_minute: null, budget: null });
  });

  it('never serves a refused request from the cache, though its lookup ran beside admission', async () => {
    const { id, key } = await createKey({ limits: { requestsPerMinute: 1 }, cache: { mode: 'on' } });
    await freezeLimiterClock(id);
    const worker = settledWorker();
    const model = `openai/${uniqueModel()}`;
    const body = { model, messages: [{ role: 'user', content: 'Count to three.' }] };
    const first = await worker.post('/v1/chat/completions', body, { key });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-switchboard-cache')).toBe('MISS');
    await first.text();
    await worker.settle();
    // The answer is now cached for this key, and the key's one request of the minute is spent.
    const second = await worker.post('/v1/chat/completions', body, { key });
    expect(second.status).toBe(429);
    expect(second.headers.get('x-switchboard-cache')).toBeNull();
    expect(((await second.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const sent = (await upstreamRequests()).filter((entry) => entry.body?.model === model.slice('openai/'.length));
    expect(sent).toHaveLength(1);
  });
});
