import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/lib/http/errors';
import { toUpstreamError } from '../../src/lib/http/upstream-errors';
import { parseGeminiError } from '../../src/providers/gemini/error';
import { parseGeminiChatResponse } from '../../src/providers/gemini/response';
import type { Target } from '../../src/providers/types';
import { fixture, fixtureJson } from '../support/fixtures';

const target: Target = { provider: 'gemini', adapter: 'gemini', model: 'gemini-2.5-flash', baseUrl: '', options: {} };
const parse = (path: string) => parseGeminiChatResponse(fixtureJson(`gemini/${path}`), target);

describe('Gemini non-streamed responses', () => {
  it('text: content, stop, usage with thoughts billed as output', () => {
    const result = parse('text.json');
    expect(result).toMatchObject({ id: 'VgCzac2AGLOHz7IP2pOkkAI', model: 'gemini-2.5-flash' });
    expect(result.choices).toEqual([{ index: 0, message: { content: 'Olá!' }, finishReason: 'stop' }]);
    expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 26, reasoningTokens: 24 });
  });

  it('function call: a tool call with a synthesised id, its signature, and tool_calls', () => {
    const [choice] = parse('function-call.json').choices;
    expect(choice?.finishReason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.toolCalls).toEqual([
      {
        id: 'call_WACzacOoAtThz7IPuNuJoQI_0_0',
        name: 'weather',
        arguments: '{"location":"Florence,Italy"}',
        signature: expect.stringMatching(/^CvMBAb4/),
      },
    ]);
  });

  it('parallel function calls: two calls in order, only the first signed', () => {
    const calls = parse('parallel-function-calls.json').choices[0]?.message.toolCalls ?? [];
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments), call.signature !== undefined])).toEqual([
      ['add', { a: 2, b: 3 }, true],
      ['multiply', { a: 2, b: 3 }, false],
    ]);
  });

  it('follow-up after a tool result: plain text', () => {
    expect(parse('function-call-followup.json').choices[0]?.message.content).toBe('The weather in Florence, Italy is 40 C.');
  });

  it('safety finish: content_filter, with the text produced so far', () => {
    const result = parse('finish-reason-safety.json');
    expect(result.choices[0]).toMatchObject({
      finishReason: 'content_filter',
      message: { content: 'Safety error incoming in 5, 4, 3, 2...' },
    });
    expect(result.model).toBe('gemini-2.0-flash');
  });

  it('blocked prompt (no candidates): one empty choice finished by content_filter', () => {
    const blocked = JSON.parse(fixture('gemini/prompt-blocked-stream.sse').replace(/^data: /, ''));
    const result = parseGeminiChatResponse(blocked, target);
    expect(result.choices).toEqual([{ index: 0, message: { content: null }, finishReason: 'content_filter' }]);
    expect(result.model).toBe('gemini-2.5-flash');
  });

  it('thought parts become reasoning and MAX_TOKENS becomes length', () => {
    const result = parseGeminiChatResponse(
      { candidates: [{ content: { parts: [{ text: 'hmm', thought: true }, { text: 'Answer' }] }, finishReason: 'MAX_TOKENS' }] },
      target,
    );
    expect(result.choices[0]).toEqual({ index: 0, message: { content: 'Answer', reasoning: 'hmm' }, finishReason: 'length' });
  });

  it('an unreadable body is a retryable upstream error', () => {
    expect(() => parseGeminiChatResponse({ candidates: 'nope' }, target)).toThrow(GatewayError);
  });
});

describe('Gemini errors (google.rpc.Status)', () => {
  const cases: [string, number, Record<string, unknown>][] = [
    ['400-api-key-invalid.json', 400, { kind: 'authentication' }],
    ['400-invalid-argument.json', 400, { kind: 'invalid_request', code: 'invalid_argument' }],
    ['403-permission-denied.json', 403, { kind: 'permission' }],
    ['404-model-not-found.json', 404, { kind: 'not_found', code: 'not_found' }],
    ['429-quota-exceeded.json', 429, { kind: 'rate_limit', code: 'rate_limit_exceeded' }],
    ['429-resource-exhausted-retry-info.json', 429, { kind: 'rate_limit', retryAfterMs: 34_400 }],
  ];
  for (const [file, status, expected] of cases) {
    it(`${file} → ${JSON.stringify(expected)}`, () => {
      expect(parseGeminiError(status, fixture(`gemini/errors/${file}`), new Headers())).toMatchObject(expected);
    });
  }

  const synthetic: [string, number, string][] = [
    ['UNAVAILABLE', 503, 'overloaded'],
    ['DEADLINE_EXCEEDED', 504, 'timeout'],
    ['UNAUTHENTICATED', 401, 'authentication'],
    ['INTERNAL', 500, 'upstream'],
  ];
  for (const [statusName, status, kind] of synthetic) {
    it(`${statusName} → ${kind}`, () => {
      const body = JSON.stringify({ error: { code: status, message: 'm', status: statusName } });
      expect(parseGeminiError(status, body, new Headers()).kind).toBe(kind);
    });
  }

  it('a bad key becomes a 502 that neither names nor quotes the key', () => {
    const parsed = parseGeminiError(400, fixture('gemini/errors/400-api-key-invalid.json'), new Headers());
    const error = toUpstreamError('gemini', 400, parsed, 'key1234');
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_authentication_failed');
    expect(error.message).not.toMatch(/key1234|API key not valid/);
  });

  it('a 429 carries the body retry delay as retry-after', () => {
    const parsed = parseGeminiError(429, fixture('gemini/errors/429-resource-exhausted-retry-info.json'), new Headers());
    const error = toUpstreamError('gemini', 429, parsed);
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', retryable: true, headers: { 'retry-after': '35' } });
  });

  it('reads an error wrapped in an array, detects context overflow, and survives a non-JSON body', () => {
    const overflow = [
      {
        error: {
          code: 400,
          message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
          status: 'INVALID_ARGUMENT',
        },
      },
    ];
    expect(parseGeminiError(400, JSON.stringify(overflow), new Headers())).toMatchObject({ code: 'context_length_exceeded' });
    expect(parseGeminiError(502, '<html>Bad Gateway</html>', new Headers([['retry-after', '2']]))).toEqual({
      message: '<html>Bad Gateway</html>',
      retryAfterMs: 2000,
    });
  });
});
