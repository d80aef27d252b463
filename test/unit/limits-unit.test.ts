import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { parseGoDuration } from '../../src/lib/http/retry-after';
import { periodEnd, periodStart } from '../../src/lib/limits/limiter-rules';
import { formatResetDuration, rateLimitHeaders } from '../../src/lib/limits/rate-limit-response';
import { fullBucket, refill, snapshot, waitFor } from '../../src/lib/limits/token-bucket';
import { DEFAULT_OUTPUT_RESERVE, estimatePromptTokens, maxOutputTokens } from '../../src/lib/models/tokens';
import { patternMatches } from '../../src/lib/routing/key-permissions';

describe('token bucket', () => {
  it('refills continuously up to the limit and says how long until an amount is available', () => {
    const bucket = fullBucket(60, 0);
    bucket.level = 0;
    expect(waitFor(bucket, 1, 60)).toBe(1000);
    refill(bucket, 60, 500);
    expect(bucket.level).toBe(0.5);
    refill(bucket, 60, 10 * 60_000);
    expect(bucket.level).toBe(60);
    expect(snapshot(bucket, 60)).toEqual({ limit: 60, remaining: 60, resetMs: 0 });
  });

  it('never runs backwards when the clock does', () => {
    const bucket = { level: 5, updatedAt: 1000 };
    refill(bucket, 60, 0);
    expect(bucket).toEqual({ level: 5, updatedAt: 1000 });
  });
});

describe('rate-limit headers', () => {
  it('formats resets as OpenAI Go durations that the gateway itself parses back', () => {
    for (const [ms, text] of [
      [0, '0ms'],
      [17, '17ms'],
      [1000, '1s'],
      [8640, '8.64s'],
      [60_000, '1m0s'],
      [90_500, '1m30.5s'],
    ] as const) {
      expect(formatResetDuration(ms)).toBe(text);
      expect(parseGoDuration(text)).toBe(ms);
    }
  });

  it('emits each trio only for limits the key has', () => {
    expect(rateLimitHeaders({})).toEqual({});
    expect(Object.keys(rateLimitHeaders({ requests: { limit: 5, remaining: 4, resetMs: 12_000 } }))).toEqual([
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-requests',
      'x-ratelimit-reset-requests',
    ]);
  });
});

describe('token estimate', () => {
  const request = (overrides: Partial<ChatRequest>): ChatRequest =>
    ({ model: 'openai/gpt-4o-mini', messages: [], ...overrides }) as ChatRequest;

  it('counts four characters per token plus per-message overhead, tools included', () => {
    expect(estimatePromptTokens(request({ messages: [{ role: 'user', content: 'x'.repeat(400) }] }))).toBe(104);
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
    expect(estimatePromptTokens(request({ messages: [{ role: 'user', content: 'hi' }], tools }))).toBeGreaterThan(5);
  });

  it('reserves what the request asks for, else the model maximum, else a default, times n', () => {
    expect(maxOutputTokens(request({ max_tokens: 50, n: 2 }), 'openai', 'gpt-4o-mini')).toBe(100);
    expect(maxOutputTokens(request({}), 'openai', 'gpt-4o-mini')).toBe(16_384);
    expect(maxOutputTokens(request({}), 'openai', 'unknown-model')).toBe(DEFAULT_OUTPUT_RESERVE);
  });
});

describe('allow-list patterns and budget periods', () => {
  it('matches * as any run of characters and nothing else as special', () => {
    expect(patternMatches('openai/*', 'openai/gpt-4o')).toBe(true);
    expect(patternMatches('openai/gpt-4o', 'openai/gpt-4o-mini')).toBe(false);
    expect(patternMatches('openai/gpt-4.1*', 'openai/gpt-4x1')).toBe(false);
    expect(patternMatches('*', 'anything/at-all')).toBe(true);
  });

  it('uses UTC calendar days and months', () => {
    const at = Date.UTC(2026, 1, 14, 15, 30);
    expect(new Date(periodStart('day', at)).toISOString()).toBe('2026-02-14T00:00:00.000Z');
    expect(new Date(periodEnd('month', periodStart('month', at))).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
