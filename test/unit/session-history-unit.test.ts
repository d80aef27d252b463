import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/lib/chat-request-schema';
import { pruneHistory, type StoredMessage } from '../../src/lib/sessions/history';
import { renderTemplate, templateVariables } from '../../src/lib/sessions/templates';

const stored = (messages: ChatMessage[], tokens = 10): StoredMessage[] =>
  messages.map((message, index) => ({ seq: index + 1, message, tokens }));
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const toolCall: ChatMessage = {
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
};
const toolResult: ChatMessage = { role: 'tool', tool_call_id: 'call_1', content: 'sunny' };

describe('history pruning', () => {
  it('drops the oldest exchanges first and keeps system messages', () => {
    const history = stored([
      { role: 'system', content: 'be brief' },
      user('1'),
      assistant('1'),
      user('2'),
      assistant('2'),
      user('3'),
      assistant('3'),
    ]);
    expect(pruneHistory(history, { maxMessages: 5, maxTokens: 1e6 })).toEqual([2, 3]);
    expect(pruneHistory(history, { maxMessages: 3, maxTokens: 1e6 })).toEqual([2, 3, 4, 5]);
    expect(pruneHistory(history, { maxMessages: 100, maxTokens: 45 })).toEqual([2, 3, 4, 5]);
  });

  it('never separates a tool call from its results', () => {
    const history = stored([user('weather?'), toolCall, toolResult, assistant('sunny'), user('thanks'), assistant('welcome')]);
    // Over by one message: the whole first exchange (call and result included) goes.
    expect(pruneHistory(history, { maxMessages: 5, maxTokens: 1e6 })).toEqual([1, 2, 3, 4]);
  });

  it('keeps the newest exchange even when it alone is over budget', () => {
    const history = stored([user('a'), assistant('b')], 1000);
    expect(pruneHistory(history, { maxMessages: 1, maxTokens: 10 })).toEqual([]);
  });

  it('counts the system prompt in the token budget', () => {
    const history = stored([user('1'), assistant('1'), user('2'), assistant('2')]);
    expect(pruneHistory(history, { maxMessages: 100, maxTokens: 40 })).toEqual([]);
    expect(pruneHistory(history, { maxMessages: 100, maxTokens: 40 }, 5)).toEqual([1, 2]);
  });
});

describe('prompt templates', () => {
  const text = 'You help {{ customer }} with {{product}}. Be kind to {{customer}}.';

  it('lists variables and renders them', () => {
    expect(templateVariables(text)).toEqual(['customer', 'product']);
    expect(renderTemplate('t', text, { customer: 'Ada', product: 'tea' })).toBe('You help Ada with tea. Be kind to Ada.');
  });

  it('refuses missing and unknown variables and malformed placeholders', () => {
    expect(() => renderTemplate('t', text, { customer: 'Ada' })).toThrow(/not given: product/);
    expect(() => renderTemplate('t', text, { customer: 'Ada', product: 'tea', extra: 'x' })).toThrow(/no variables named: extra/);
    expect(() => templateVariables('Hello {{ bad name }}')).toThrow(/malformed placeholder/);
  });
});
