/** Canonical result → the Responses `response` object (non-streaming answer). */
import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../src/lib/canonical';
import type { ResponseContext } from '../../src/surfaces/responses/envelope';
import { visibleResponse } from '../../src/surfaces/responses/items';
import { decodeReasoningState } from '../../src/surfaces/responses/reasoning-state';
import type { ResponsesRequest } from '../../src/surfaces/responses/request-schema';
import { toResponseObject } from '../../src/surfaces/responses/response';

const context: ResponseContext = {
  id: 'resp_0123456789abcdef0123456789abcdef',
  createdAt: 1_700_000_000,
  request: { model: 'anthropic/claude', instructions: 'Be brief', tools: [], store: true } as ResponsesRequest,
  firstOutputSeq: 2,
  withEncrypted: false,
};

const result = (
  message: ChatResult['choices'][0]['message'],
  finishReason: ChatResult['choices'][0]['finishReason'] = 'stop',
): ChatResult => ({
  id: 'x',
  model: 'claude-sonnet-4-5-20250929',
  created: 1,
  choices: [{ index: 0, message, finishReason }],
  usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 30, reasoningTokens: 12 },
});

describe('toResponseObject', () => {
  it('reasoning items per signed block, then the message, then calls; usage in Responses names', () => {
    const response = toResponseObject(
      result(
        {
          content: 'Checking.',
          reasoning: 'ab',
          reasoningBlocks: [
            { type: 'thinking', thinking: 'a', signature: 's1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{"location":"Florence"}' }],
        },
        'tool_calls',
      ),
      context,
      1_700_000_005_000,
    );
    expect(response).toMatchObject({
      id: context.id,
      object: 'response',
      status: 'completed',
      completed_at: 1_700_000_005,
      incomplete_details: null,
      instructions: 'Be brief',
      model: 'claude-sonnet-4-5-20250929',
      store: true,
      usage: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 30 },
        output_tokens: 40,
        output_tokens_details: { reasoning_tokens: 12 },
        total_tokens: 140,
      },
    });
    expect(response.output.map((item) => [item.type, item.id])).toEqual([
      ['reasoning', 'rs_0123456789abcdef0123456789abcdef0002'],
      ['reasoning', 'rs_0123456789abcdef0123456789abcdef0003'],
      ['message', 'msg_0123456789abcdef0123456789abcdef0004'],
      ['function_call', 'fc_0123456789abcdef0123456789abcdef0005'],
    ]);
    expect(response.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'a' }] });
    expect(decodeReasoningState(response.output[1]?.type === 'reasoning' ? response.output[1].encrypted_content : '')).toEqual({
      blocks: [{ type: 'redacted_thinking', data: 'opaque' }],
    });
    expect(response.output[3]).toEqual({
      id: 'fc_0123456789abcdef0123456789abcdef0005',
      type: 'function_call',
      status: 'completed',
      arguments: '{"location":"Florence"}',
      call_id: 'toolu_1',
      name: 'weather',
    });
    const visible = visibleResponse(response, false);
    expect(JSON.stringify(visible)).not.toContain('encrypted_content');
    expect(JSON.stringify(visibleResponse(response, true))).toContain('encrypted_content');
  });

  it('a Gemini thought signature rides on a reasoning item right before its call', () => {
    const response = toResponseObject(
      result({ content: null, toolCalls: [{ id: 'call_g', name: 'f', arguments: '{}', signature: 'thought' }] }, 'tool_calls'),
      context,
    );
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const carrier = response.output[0];
    expect(decodeReasoningState(carrier?.type === 'reasoning' ? carrier.encrypted_content : '')).toEqual({ calls: { call_g: 'thought' } });
  });

  it('length → incomplete (max_output_tokens); a refusal is a refusal part', () => {
    const cut = toResponseObject(result({ content: 'Hel' }, 'length'), context);
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, completed_at: null });
    const refused = toResponseObject(result({ content: null, refusal: 'No.' }, 'content_filter'), context);
    expect(refused.output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] });
    expect(refused.incomplete_details).toEqual({ reason: 'content_filter' });
  });
});
