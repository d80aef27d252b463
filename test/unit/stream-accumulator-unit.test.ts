import { describe, expect, it } from 'vitest';
import { chunkText, replayEvents } from '../../src/lib/cache/replay';
import type { ChatResult, ChatStreamEvent } from '../../src/lib/canonical';
import { GatewayError } from '../../src/lib/http/errors';
import { accumulate, accumulateAll, emptyAccumulation, isComplete, toChatResult } from '../../src/lib/streams/stream-accumulator';
import { parseOpenAIChatResponse } from '../../src/providers/openai/response';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import { toOpenAIChatCompletion } from '../../src/surfaces/openai/response';
import { chunksToSse, fixture, fixtureJson } from '../support/fixtures';
import { collect } from '../support/stream-harness';

const encoder = new TextEncoder();

/** Every recorded OpenAI-compatible chat stream, with the non-stream recording of the same scenario where there is one. */
const recorded: { name: string; sse: string; nonStream?: string }[] = [
  { name: 'openai text', sse: fixture('openai/chat/text-stream-include-usage.sse'), nonStream: 'openai/chat/text.json' },
  { name: 'openai tool call', sse: fixture('openai/chat/tool-call-stream.sse'), nonStream: 'openai/chat/tool-call.json' },
  {
    name: 'openai tool call follow-up',
    sse: fixture('openai/chat/tool-call-stream-followup.sse'),
    nonStream: 'openai/chat/tool-call-followup.json',
  },
  {
    name: 'openai reasoning model',
    sse: fixture('openai/chat/reasoning-model-text-stream.sse'),
    nonStream: 'openai/chat/reasoning-model-text.json',
  },
  { name: 'azure text', sse: fixture('azure-openai/chat-text-stream.sse'), nonStream: 'azure-openai/chat-text.json' },
  { name: 'deepseek reasoning', sse: fixture('deepseek/reasoning-stream.sse'), nonStream: 'deepseek/reasoning.json' },
  { name: 'mistral text', sse: chunksToSse(fixture('mistral/text-stream.chunks.jsonl'), { done: true }), nonStream: 'mistral/text.json' },
  { name: 'xai text', sse: chunksToSse(fixture('xai/text-stream.chunks.jsonl'), { done: true }), nonStream: 'xai/text.json' },
  { name: 'xai tool call', sse: chunksToSse(fixture('xai/tool-call-stream.chunks.jsonl'), { done: true }) },
];

async function decode(sse: string): Promise<{ events: ChatStreamEvent[]; finishReason?: string; usage?: unknown }> {
  const { events, outcome } = await collect([encoder.encode(sse)], createOpenAIStreamDecoder());
  return { events: events as ChatStreamEvent[], finishReason: outcome.finishReason, usage: outcome.usage };
}

const joined = (events: ChatStreamEvent[], type: 'text-delta' | 'reasoning-delta') =>
  events.flatMap((event) => (event.type === type ? [event.text] : [])).join('');

describe('stream accumulator on recorded streams', () => {
  for (const { name, sse, nonStream } of recorded) {
    it(`${name}: adds up to the text, tool calls, finish reason and usage the stream carried`, async () => {
      const { events, finishReason, usage } = await decode(sse);
      const result = toChatResult(accumulateAll(events));
      expect(result).toBeDefined();
      const choice = result!.choices[0]!;
      expect(choice.finishReason).toBe(finishReason);
      expect(result!.usage).toEqual(usage);
      expect(choice.message.content ?? '').toBe(joined(events, 'text-delta'));
      expect(choice.message.reasoning ?? '').toBe(joined(events, 'reasoning-delta'));
      const starts = events.filter((event) => event.type === 'tool-call-start');
      expect(choice.message.toolCalls?.map((call) => call.id) ?? []).toEqual(starts.map((event) => event.id));
      for (const call of choice.message.toolCalls ?? []) {
        expect(call.name).not.toBe('');
        expect(typeof JSON.parse(call.arguments)).toBe('object');
      }
      if (!nonStream) return;
      // The non-stream recording of the same scenario has the same shape (its wording differs).
      const expected = parseOpenAIChatResponse(fixtureJson(nonStream)).choices[0]!;
      expect(choice.finishReason).toBe(expected.finishReason);
      expect(choice.message.content === null).toBe(expected.message.content === null);
      expect(choice.message.toolCalls?.length ?? 0).toBe(expected.message.toolCalls?.length ?? 0);
      expect(result!.id).toBe(events[0]?.type === 'start' ? events[0].id : undefined);
    });
  }
});

const nonStreamFixtures = [
  'openai/chat/text.json',
  'openai/chat/tool-call.json',
  'openai/chat/parallel-tool-calls.json',
  'openai/chat/tool-call-followup.json',
  'openai/chat/reasoning-model-text.json',
  'deepseek/reasoning.json',
  'deepseek/tool-call.json',
  'mistral/tool-call.json',
  'groq/tool-call.json',
];

/** A stream cannot tell empty content from none: next to tool calls both read back as null. */
function emptyContentAsNull(result: ChatResult): ChatResult {
  return {
    ...result,
    choices: result.choices.map((choice) =>
      choice.message.content === '' && choice.message.toolCalls?.length
        ? { ...choice, message: { ...choice.message, content: null } }
        : choice,
    ),
  };
}

describe('replay and accumulate are inverses', () => {
  for (const path of nonStreamFixtures) {
    it(`${path}: a result replayed as events adds up to the same completion body`, () => {
      const result = parseOpenAIChatResponse(fixtureJson(path));
      const replayed = toChatResult(accumulateAll(replayEvents(result)));
      expect(replayed).toBeDefined();
      expect(toOpenAIChatCompletion(replayed!)).toEqual(toOpenAIChatCompletion(emptyContentAsNull(result)));
    });
  }

  it('replays long text in chunks and never splits a surrogate pair', () => {
    const text = `${'a'.repeat(63)}😀${'b'.repeat(100)}`;
    const chunks = chunkText(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.endsWith('😀')).toBe(true);
  });
});

describe('accumulate is a pure reducer', () => {
  const start: ChatStreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'm', created: 1 };

  it('never changes the state it is given', () => {
    const after = accumulateAll([start, { type: 'text-delta', choice: 0, text: 'Hel' }]);
    const snapshot = JSON.stringify(after);
    const next = accumulate(after, { type: 'text-delta', choice: 0, text: 'lo' });
    accumulate(next, { type: 'tool-call-start', choice: 0, index: 0, id: 'c', name: 'f' });
    expect(JSON.stringify(after)).toBe(snapshot);
    expect(next.choices[0]?.text).toBe('Hello');
  });

  it('adds up parallel tool calls and several choices independently', () => {
    const state = accumulateAll([
      start,
      { type: 'tool-call-start', choice: 0, index: 0, id: 'a', name: 'one' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'b', name: 'two' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '{"x":' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{}' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '1}' },
      { type: 'text-delta', choice: 1, text: 'other' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      { type: 'finish', choice: 1, reason: 'stop' },
    ]);
    const result = toChatResult(state) as ChatResult;
    expect(result.choices[0]?.message).toEqual({
      content: null,
      toolCalls: [
        { id: 'a', name: 'one', arguments: '{}' },
        { id: 'b', name: 'two', arguments: '{"x":1}' },
      ],
    });
    expect(result.choices[1]?.message.content).toBe('other');
  });

  it('adds up to nothing without a finish reason or after an error', () => {
    const text: ChatStreamEvent = { type: 'text-delta', choice: 0, text: 'cut' };
    expect(isComplete(accumulateAll([start, text]))).toBe(false);
    const failed = accumulateAll([
      start,
      text,
      { type: 'error', error: new GatewayError('upstream', 'broke') },
      { type: 'finish', choice: 0, reason: 'stop' },
    ]);
    expect(failed.error?.message).toBe('broke');
    expect(toChatResult(failed)).toBeUndefined();
    expect(toChatResult(emptyAccumulation)).toBeUndefined();
  });
});
