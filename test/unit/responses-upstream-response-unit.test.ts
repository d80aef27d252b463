import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/lib/http/errors';
import { OPENAI_REASONING_PREFIX } from '../../src/providers/openai/responses/reasoning';
import { parseResponsesResponse } from '../../src/providers/openai/responses/response';
import { fixtureJson } from '../support/fixtures';

describe('Responses JSON → canonical result', () => {
  it('text (OpenAI): content, id, model, created, usage, finish stop', () => {
    const result = parseResponsesResponse(fixtureJson('openai/responses/text.json'));
    expect(result).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      model: expect.stringMatching(/^gpt-4o/),
      choices: [{ index: 0, message: { content: 'Olá!' }, finishReason: 'stop' }],
      usage: { inputTokens: 20, outputTokens: 3 },
    });
    expect(result.choices[0]?.message.toolCalls).toBeUndefined();
  });

  it('text (Azure, with content_filters): the same reading', () => {
    const result = parseResponsesResponse(fixtureJson('azure-openai/responses-text.json'));
    expect(result.model).toBe('gpt-5.1');
    expect(result.choices[0]?.message.content).toBe('Word');
    expect(result.choices[0]?.finishReason).toBe('stop');
  });

  it('function call: call_id as the tool call id, arguments verbatim, finish tool_calls, content null', () => {
    const result = parseResponsesResponse(fixtureJson('openai/responses/tool-call.json'));
    expect(result.choices[0]).toEqual({
      index: 0,
      message: {
        content: null,
        toolCalls: [{ id: 'call_6Y7U4KSBYYYDJIEL0QdvBtzW', name: 'weather', arguments: '{"location":"Florence, Italy"}' }],
      },
      finishReason: 'tool_calls',
    });
    expect(result.usage).toEqual({ inputTokens: 58, outputTokens: 17 });
  });

  it('reasoning item with encrypted content → a replayable block; reasoning tokens in usage', () => {
    const body = fixtureJson<{ output: { encrypted_content?: string; id: string }[] }>('openai/responses/reasoning-summary-tool-call.json');
    const result = parseResponsesResponse(body);
    const reasoningItem = body.output[0];
    expect(result.choices[0]?.message.reasoningBlocks).toEqual([
      { type: 'thinking', thinking: '', signature: `${OPENAI_REASONING_PREFIX}${reasoningItem?.id}:${reasoningItem?.encrypted_content}` },
    ]);
    expect(result.choices[0]?.message.toolCalls?.[0]?.id).toBe('call_eoYbwZiQUHtJHV4AFsy3T5iq');
    expect(result.usage).toEqual({ inputTokens: 60, outputTokens: 93, reasoningTokens: 64 });
  });

  it('summaries become reasoning text; refusal parts become the refusal', () => {
    const result = parseResponsesResponse({
      id: 'resp_1',
      status: 'completed',
      output: [
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [
            { type: 'summary_text', text: 'A' },
            { type: 'summary_text', text: 'B' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] },
      ],
      usage: { input_tokens: 3, input_tokens_details: { cached_tokens: 2 }, output_tokens: 4 },
    });
    expect(result.choices[0]?.message).toEqual({ content: null, reasoning: 'A\n\nB', refusal: 'I cannot help with that.' });
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 4, cachedInputTokens: 2 });
  });

  it('incomplete: length for max_output_tokens, content_filter for content_filter', () => {
    const incomplete = (reason: string) =>
      parseResponsesResponse({ id: 'r', status: 'incomplete', incomplete_details: { reason }, output: [] }).choices[0]?.finishReason;
    expect(incomplete('max_output_tokens')).toBe('length');
    expect(incomplete('content_filter')).toBe('content_filter');
  });

  it('failed → an upstream error carrying the provider code; unreadable → a retryable malformed-response error', () => {
    const failed = () => parseResponsesResponse({ id: 'r', status: 'failed', error: { code: 'server_error', message: 'boom' } });
    expect(failed).toThrow(GatewayError);
    expect(failed).toThrow('boom');
    expect(() => parseResponsesResponse({ output: 'nope' })).toThrow(/could not read/);
  });
});
