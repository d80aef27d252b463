import { describe, expect, it } from 'vitest';
import type { ChatResult, ResultChoice } from '../../src/lib/canonical';
import { carriedCallSignatures } from '../../src/surfaces/anthropic/call-signatures';
import { toAnthropicMessage } from '../../src/surfaces/anthropic/response';
import { toAnthropicStop } from '../../src/surfaces/anthropic/stop-reason';
import { toAnthropicUsage } from '../../src/surfaces/anthropic/usage';

function result(
  message: ResultChoice['message'],
  finishReason: ResultChoice['finishReason'] = 'stop',
  extra: Partial<ChatResult> = {},
): ChatResult {
  return {
    id: 'chatcmpl-abc',
    model: 'gpt-4o-mini-2024-07-18',
    created: 1,
    choices: [{ index: 0, message, finishReason }],
    usage: { inputTokens: 100, outputTokens: 20 },
    ...extra,
  };
}

describe('canonical result → Anthropic Message', () => {
  it('text: msg_ prefix, end_turn, usage', () => {
    expect(toAnthropicMessage(result({ content: 'Hello' }))).toEqual({
      message: {
        id: 'msg_chatcmpl-abc',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o-mini-2024-07-18',
        content: [{ type: 'text', text: 'Hello' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
      invalidToolInputs: [],
    });
  });

  it('keeps an id that already has the msg_ prefix', () => {
    expect(toAnthropicMessage(result({ content: 'x' }, 'stop', { id: 'msg_01abc' })).message.id).toBe('msg_01abc');
  });

  it('orders thinking (signed and redacted), text, then tool_use with parsed input', () => {
    const { message, invalidToolInputs } = toAnthropicMessage(
      result(
        {
          content: 'Checking both.',
          reasoning: 'Two cities.',
          reasoningBlocks: [
            { type: 'thinking', thinking: 'Two cities.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          toolCalls: [
            { id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
            { id: 'call_2', name: 'clock', arguments: '' },
          ],
        },
        'tool_calls',
      ),
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two cities.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'clock', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(invalidToolInputs).toEqual([]);
  });

  it('unsigned reasoning (DeepSeek-style) becomes a thinking block with an empty signature', () => {
    expect(toAnthropicMessage(result({ content: 'A', reasoning: 'hmm' })).message.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: '' },
      { type: 'text', text: 'A' },
    ]);
  });

  it('invalid tool JSON: input {} and the call reported, not a lost response', () => {
    const { message, invalidToolInputs } = toAnthropicMessage(
      result(
        {
          content: null,
          toolCalls: [
            { id: 'call_bad', name: 'weather', arguments: '{"city": "Par' },
            { id: 'call_array', name: 'weather', arguments: '[1]' },
          ],
        },
        'tool_calls',
      ),
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_bad', name: 'weather', input: {} },
      { type: 'tool_use', id: 'call_array', name: 'weather', input: {} },
    ]);
    expect(invalidToolInputs).toEqual(['call_bad', 'call_array']);
  });

  it("a tool call's provider signature (Gemini thoughtSignature) is kept on its tool_use block, and on a carrier thinking block before it", () => {
    const { message } = toAnthropicMessage(
      result({ content: null, toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{}', signature: 'sig-gemini' }] }, 'tool_calls'),
    );
    const [carrier, call, ...rest] = message.content as { type: string; thinking?: string; signature?: string }[];
    expect(rest).toEqual([]);
    expect(call).toEqual({ type: 'tool_use', id: 'call_1', name: 'weather', input: {}, signature: 'sig-gemini' });
    // Clients that keep only Anthropic's own block types (the AI SDK) hand the signature back through this block.
    expect(carrier).toMatchObject({ type: 'thinking', thinking: '' });
    expect(carriedCallSignatures(carrier?.signature)).toEqual({ call_1: 'sig-gemini' });
  });

  it('a refusal becomes the text and stop_reason refusal', () => {
    const { message } = toAnthropicMessage(result({ content: null, refusal: "I can't help with that." }));
    expect(message.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(message.stop_reason).toBe('refusal');
  });

  it('usage: input_tokens excludes cache reads and writes', () => {
    const { message } = toAnthropicMessage(
      result({ content: 'x' }, 'stop', { usage: { inputTokens: 1000, outputTokens: 5, cachedInputTokens: 600, cacheWriteTokens: 300 } }),
    );
    expect(message.usage).toEqual({ input_tokens: 100, output_tokens: 5, cache_creation_input_tokens: 300, cache_read_input_tokens: 600 });
  });

  it('no usage from the provider reads as zeros', () => {
    expect(toAnthropicUsage(undefined)).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});

describe('finish reason → stop_reason', () => {
  const table: [string, Parameters<typeof toAnthropicStop>[0], ReturnType<typeof toAnthropicStop>][] = [
    ['stop', { reason: 'stop' }, { stop_reason: 'end_turn', stop_sequence: null }],
    ['length', { reason: 'length' }, { stop_reason: 'max_tokens', stop_sequence: null }],
    ['tool_calls', { reason: 'tool_calls' }, { stop_reason: 'tool_use', stop_sequence: null }],
    ['function_call', { reason: 'function_call' }, { stop_reason: 'tool_use', stop_sequence: null }],
    ['content_filter', { reason: 'content_filter' }, { stop_reason: 'refusal', stop_sequence: null }],
    [
      'stop on a requested sequence',
      { reason: 'stop', stopSequence: 'END', requested: ['END'] },
      { stop_reason: 'stop_sequence', stop_sequence: 'END' },
    ],
    [
      'stop on a sequence the caller did not ask for',
      { reason: 'stop', stopSequence: 'END', requested: ['STOP'] },
      { stop_reason: 'end_turn', stop_sequence: null },
    ],
    [
      'stop with stop_sequences but no word from the provider',
      { reason: 'stop', requested: ['END'] },
      { stop_reason: 'end_turn', stop_sequence: null },
    ],
    ['missing', { reason: null }, { stop_reason: 'end_turn', stop_sequence: null }],
  ];
  for (const [name, facts, expected] of table) it(name, () => expect(toAnthropicStop(facts)).toEqual(expected));

  it('a result whose choice names the stop sequence', () => {
    const source = result({ content: 'x' });
    source.choices[0] = { index: 0, message: { content: 'x' }, finishReason: 'stop', stopSequence: '###' };
    expect(toAnthropicMessage(source, { stopSequences: ['###'] }).message).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
    });
  });
});
