import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/lib/http/errors';
import { toUpstreamError } from '../../src/lib/http/upstream-errors';
import { anthropicRetryAfter, parseAnthropicError } from '../../src/providers/anthropic/error';
import { parseAnthropicChatResponse } from '../../src/providers/anthropic/response';
import { fixture, fixtureJson } from '../support/fixtures';

const NOW = 1_700_000_000_000;
const parse = (path: string) => parseAnthropicChatResponse(fixtureJson(`anthropic/${path}`), () => NOW);

describe('Anthropic non-stream responses', () => {
  it('text: content, finish stop, usage, id and model', () => {
    const result = parse('text.json');
    expect(result).toEqual({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      model: 'claude-sonnet-4-5-20250929',
      created: NOW / 1000,
      choices: [
        {
          index: 0,
          message: {
            content: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
          },
          finishReason: 'stop',
        },
      ],
      usage: { inputTokens: 12, outputTokens: 29 },
    });
  });

  it('tool use: text plus a tool call whose arguments are the JSON input', () => {
    const [choice] = parse('tool-use.json').choices;
    expect(choice?.message.content).toBe("I'll check the weather in Florence, Italy for you.");
    expect(choice?.message.toolCalls).toEqual([
      { id: 'toolu_01XLb9pzgfLa2EMyqWot6Ezt', name: 'weather', arguments: '{"location":"Florence,Italy"}' },
    ]);
    expect(choice?.finishReason).toBe('tool_calls');
  });

  it('parallel tool use: every call in order', () => {
    const calls = parse('parallel-tool-use-4-calls.json').choices[0]?.message.toolCalls ?? [];
    expect(calls.map((call) => JSON.parse(call.arguments).name)).toEqual(['Alice', 'Bob', 'Charlie', 'Daisy']);
    expect(parse('parallel-tool-use.json').choices[0]?.message.toolCalls?.map((call) => call.name)).toEqual(['add', 'multiply']);
  });

  it('thinking + tool use: reasoning text and the signed block for the next turn; no text means null content', () => {
    const message = parse('thinking-tool-use.json').choices[0]?.message;
    expect(message?.content).toBeNull();
    expect(message?.reasoning).toMatch(/^The user is asking about the weather in Florence/);
    expect(message?.reasoningBlocks).toEqual([
      { type: 'thinking', thinking: message?.reasoning, signature: expect.stringMatching(/^Es8DCkYICxgCKkBROcM3239/) },
    ]);
    expect(message?.toolCalls?.[0]?.name).toBe('weather');
  });

  it('refusal: finish content_filter with the explanation as the refusal', () => {
    const [choice] = parse('refusal.json').choices;
    expect(choice?.finishReason).toBe('content_filter');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.refusal).toMatch(/^This request triggered restrictions/);
  });

  it('redacted thinking, cache usage and the json response tool', () => {
    const result = parseAnthropicChatResponse({
      id: 'msg_x',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'tool_use', id: 'toolu_j', name: 'switchboard_json_response', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50, output_tokens: 7 },
    });
    const [choice] = result.choices;
    expect(choice?.message).toEqual({ content: '{"city":"Paris"}', reasoningBlocks: [{ type: 'redacted_thinking', data: 'opaque' }] });
    expect(choice?.finishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 1060, outputTokens: 7, cachedInputTokens: 1000, cacheWriteTokens: 50 });
  });

  it('a body that is not a message is a retryable upstream error', () => {
    expect(() => parseAnthropicChatResponse({ hello: 'world' })).toThrow(GatewayError);
  });
});

describe('Anthropic errors', () => {
  const headers = (entries: Record<string, string> = {}) => new Headers(entries);

  it.each([
    ['errors/400-invalid-request.json', 400, 'invalid_request'],
    ['errors/401-authentication-error.issue.json', 401, 'authentication'],
    ['errors/404-not-found.json', 404, 'not_found'],
  ] as const)('%s → kind %s', (path, status, kind) => {
    const parsed = parseAnthropicError(status, fixture(`anthropic/${path}`), headers());
    expect(parsed.kind).toBe(kind);
    expect(parsed.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['permission_error', 403, 'permission'],
    ['rate_limit_error', 429, 'rate_limit'],
    ['overloaded_error', 529, 'overloaded'],
    ['api_error', 500, 'upstream'],
    ['request_too_large', 413, 'request_too_large'],
  ] as const)('%s → kind %s', (type, status, kind) => {
    const body = JSON.stringify({ type: 'error', error: { type, message: 'm' } });
    expect(parseAnthropicError(status, body, headers())).toMatchObject({ kind, code: type, message: 'm' });
  });

  it('marks context overflow as context_length_exceeded', () => {
    const body = JSON.stringify({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
    });
    expect(parseAnthropicError(400, body, headers()).code).toBe('context_length_exceeded');
  });

  it('reads retry-after seconds first, else the latest exhausted RFC 3339 reset on a 429', () => {
    expect(anthropicRetryAfter(429, headers({ 'retry-after': '3' }), NOW)).toBe(3000);
    const limits = headers({
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': new Date(NOW + 20_000).toISOString(),
      'anthropic-ratelimit-tokens-remaining': '500',
      'anthropic-ratelimit-tokens-reset': new Date(NOW + 5000).toISOString(),
    });
    expect(anthropicRetryAfter(429, limits, NOW)).toBe(20_000);
    expect(anthropicRetryAfter(400, limits, NOW)).toBeUndefined();
  });

  it('a non-JSON body keeps its text as the message', () => {
    expect(parseAnthropicError(502, '<html>bad gateway</html>', headers())).toMatchObject({ message: '<html>bad gateway</html>' });
  });

  it('becomes the right public error: 529 → 503 retryable, 429 keeps retry-after, bad key → 502 without the key', () => {
    const overloaded = toUpstreamError(
      'anthropic',
      529,
      parseAnthropicError(529, JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), headers()),
    );
    expect(overloaded).toMatchObject({ status: 503, kind: 'overloaded', retryable: true });
    const limited = toUpstreamError('anthropic', 429, parseAnthropicError(429, '{}', headers({ 'retry-after': '3' })));
    expect(limited).toMatchObject({ status: 429, retryable: true, headers: { 'retry-after': '3' } });
    const auth = toUpstreamError(
      'anthropic',
      401,
      parseAnthropicError(401, fixture('anthropic/errors/401-authentication-error.issue.json'), headers()),
      'sk-ant-secret',
    );
    expect(auth).toMatchObject({ status: 502, retryable: false, code: 'upstream_authentication_failed' });
    expect(auth.message).not.toContain('sk-ant');
  });
});
