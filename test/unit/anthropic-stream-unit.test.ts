import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../src/lib/canonical';
import { createAnthropicStreamDecoder } from '../../src/providers/anthropic/stream';
import { chunksToSse, fixture } from '../support/fixtures';
import { adversarialChunkings, collect, framingVariants } from '../support/stream-harness';

const encoder = new TextEncoder();
const NOW = 1_700_000_000_000;
/** Thousands of CPU-bound decodes per recording: generous, so a loaded machine does not fail them. */
const CHUNKING_TIMEOUT_MS = 30_000;
const decoder = () => createAnthropicStreamDecoder(() => NOW);
const decode = (sse: string) => collect([encoder.encode(sse)], decoder());
const ofType = <T extends ChatStreamEvent['type']>(events: unknown[], type: T) =>
  events.filter((event): event is Extract<ChatStreamEvent, { type: T }> => (event as { type: string }).type === type);

/**
 * SYNTHETIC (no parallel-tool stream was recorded): built from the recorded
 * `parallel-tool-use.json` content, framed like `tool-use-stream.sse`, plus a no-argument tool
 * and a redacted thinking block, to cover one index space shared by every block type.
 */
const parallelToolsSse = [
  [
    'message_start',
    {
      type: 'message_start',
      message: {
        id: 'msg_parallel',
        model: 'claude-sonnet-4-20250514',
        usage: { input_tokens: 507, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 1 },
      },
    },
  ],
  [
    'content_block_start',
    { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3p' } },
  ],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: "I'll add and multiply." } }],
  ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  [
    'content_block_start',
    { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_add', name: 'add', input: {} } },
  ],
  ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a": 2, "b"' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: ': 3}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 2 }],
  [
    'content_block_start',
    { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_mul', name: 'multiply', input: {} } },
  ],
  ['content_block_delta', { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"a":2,"b":3}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 3 }],
  [
    'content_block_start',
    { type: 'content_block_start', index: 4, content_block: { type: 'tool_use', id: 'toolu_now', name: 'now', input: {} } },
  ],
  ['content_block_delta', { type: 'content_block_delta', index: 4, delta: { type: 'input_json_delta', partial_json: '' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 4 }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 137 } }],
  ['message_stop', { type: 'message_stop' }],
]
  .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  .join('');

const recorded: Record<string, string> = {
  'text (raw, padded JSON)': fixture('anthropic/text-stream.sse'),
  'text (claude 3)': fixture('anthropic/text-stream-claude3.sse'),
  'text (chunks)': chunksToSse(fixture('anthropic/text-stream.chunks.jsonl'), { eventFromType: true }),
  'tool use': fixture('anthropic/tool-use-stream.sse'),
  'tool use follow-up': fixture('anthropic/tool-use-stream-followup.sse'),
  'thinking with signature': fixture('anthropic/thinking-stream.sse'),
  'max_tokens with cache write': chunksToSse(fixture('anthropic/cache-write-max-tokens-stream.chunks.jsonl'), { eventFromType: true }),
  refusal: chunksToSse(fixture('anthropic/refusal-stream.chunks.jsonl'), { eventFromType: true }),
  'overloaded error event': fixture('anthropic/errors/overloaded-error-event.issue.sse'),
  'parallel tools (synthetic)': parallelToolsSse,
};

describe('Anthropic stream decoding: chunking does not change the result', () => {
  for (const [name, sse] of Object.entries(recorded)) {
    it(
      `${name}: identical canonical events under every chunking and framing`,
      async () => {
        const bytes = encoder.encode(sse);
        const whole = await collect([bytes], decoder());
        expect(whole.events.length).toBeGreaterThan(0);
        for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
          const split = await collect(parts, decoder());
          expect(split.events, chunking).toEqual(whole.events);
        }
        for (const [variant, text] of Object.entries(framingVariants(sse))) {
          const reframed = await collect([encoder.encode(text)], decoder());
          expect(reframed.events, variant).toEqual(whole.events);
        }
      },
      CHUNKING_TIMEOUT_MS,
    );
  }
});

describe('Anthropic stream decoding: what each recording means', () => {
  it('text: start, initial usage, the text, finish stop, final usage (output from message_delta)', async () => {
    const { events, outcome } = await decode(fixture('anthropic/text-stream.sse'));
    expect(events).toEqual([
      { type: 'start', id: 'msg_01T8kTq7cYyYJeQ5DxcVUc6D', model: 'claude-haiku-4-5-20251001', created: NOW / 1000 },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 2 } },
      { type: 'text-delta', choice: 0, text: 'Hello' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 4 } },
    ]);
    expect(outcome.usage).toEqual({ inputTokens: 10, outputTokens: 4 });
  });

  it('text chunks: all deltas in order', async () => {
    const { events } = await decode(chunksToSse(fixture('anthropic/text-stream.chunks.jsonl'), { eventFromType: true }));
    const text = ofType(events, 'text-delta').map((event) => event.text);
    expect(text.join('')).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
  });

  it('tool use: text, then one tool call at canonical index 0 whose arguments parse, finish tool_calls', async () => {
    const { events, outcome } = await decode(fixture('anthropic/tool-use-stream.sse'));
    expect(ofType(events, 'text-delta').map((event) => event.text)).toEqual([
      "I'll get the weather information",
      ' for Florence, Italy for you.',
    ]);
    expect(ofType(events, 'tool-call-start')).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_01N2eM4V43kGCDkq2Lw7ChWQ', name: 'weather' },
    ]);
    const deltas = ofType(events, 'tool-call-delta');
    expect(deltas.every((delta) => delta.index === 0 && delta.arguments !== '')).toBe(true);
    expect(JSON.parse(deltas.map((delta) => delta.arguments).join(''))).toEqual({ location: 'Florence,Italy' });
    expect(outcome.finishReason).toBe('tool_calls');
    expect(outcome.usage).toEqual({ inputTokens: 394, outputTokens: 67 });
  });

  it('parallel tools: indices count tool blocks only, a no-argument tool gets {}, cache counts in usage', async () => {
    const { events, outcome } = await decode(parallelToolsSse);
    expect(ofType(events, 'tool-call-start').map(({ index, id, name }) => ({ index, id, name }))).toEqual([
      { index: 0, id: 'toolu_add', name: 'add' },
      { index: 1, id: 'toolu_mul', name: 'multiply' },
      { index: 2, id: 'toolu_now', name: 'now' },
    ]);
    const argumentsByIndex = (index: number) =>
      ofType(events, 'tool-call-delta')
        .filter((delta) => delta.index === index)
        .map((delta) => delta.arguments)
        .join('');
    expect(JSON.parse(argumentsByIndex(0))).toEqual({ a: 2, b: 3 });
    expect(JSON.parse(argumentsByIndex(1))).toEqual({ a: 2, b: 3 });
    expect(argumentsByIndex(2)).toBe('{}');
    expect(ofType(events, 'reasoning-block')).toEqual([
      { type: 'reasoning-block', choice: 0, block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3p' } },
    ]);
    expect(outcome.finishReason).toBe('tool_calls');
    // message_delta had only output_tokens: input and cache counts come from message_start.
    expect(outcome.usage).toEqual({ inputTokens: 627, outputTokens: 137, cachedInputTokens: 100, cacheWriteTokens: 20 });
  });

  it('thinking: reasoning deltas, then one signed reasoning block, then the answer', async () => {
    const { events, outcome } = await decode(fixture('anthropic/thinking-stream.sse'));
    const reasoning = ofType(events, 'reasoning-delta')
      .map((event) => event.text)
      .join('');
    expect(reasoning).toMatch(/^The user wants two names for a pet pelican/);
    const blocks = ofType(events, 'reasoning-block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.block).toEqual({
      type: 'thinking',
      thinking: reasoning,
      signature: expect.stringMatching(/^EuYDCmMIDBgCKkC05Zda4P/),
    });
    const types = events.map((event) => (event as { type: string }).type);
    expect(types.indexOf('reasoning-block')).toBeLessThan(types.indexOf('text-delta'));
    expect(
      ofType(events, 'text-delta')
        .map((event) => event.text)
        .join(''),
    ).toBe('1. **Pouch** - references their iconic bill pouch\n2. **Pelé** - playful take on "pelican"');
    expect(outcome.finishReason).toBe('stop');
    expect(outcome.usage).toEqual({ inputTokens: 46, outputTokens: 133 });
  });

  it('max_tokens: finish length, cache-creation tokens counted in input and reported as cache writes', async () => {
    const { outcome } = await decode(chunksToSse(fixture('anthropic/cache-write-max-tokens-stream.chunks.jsonl'), { eventFromType: true }));
    expect(outcome.finishReason).toBe('length');
    expect(outcome.usage).toEqual({ inputTokens: 3 + 18_639, outputTokens: 1, cacheWriteTokens: 18_639 });
  });

  it('refusal: the explanation as a refusal, finish content_filter', async () => {
    const { events, outcome } = await decode(chunksToSse(fixture('anthropic/refusal-stream.chunks.jsonl'), { eventFromType: true }));
    expect(ofType(events, 'refusal-delta').map((event) => event.text)).toEqual([
      expect.stringMatching(/^This request triggered restrictions/),
    ]);
    expect(ofType(events, 'text-delta')).toEqual([]);
    expect(outcome.finishReason).toBe('content_filter');
    expect(outcome.usage).toEqual({ inputTokens: 18, outputTokens: 5 });
  });

  it('overloaded error event: one terminal overloaded error, retryable', async () => {
    const { events, outcome } = await decode(fixture('anthropic/errors/overloaded-error-event.issue.sse'));
    expect(events).toEqual([{ type: 'error', kind: 'overloaded', message: 'Overloaded' }]);
    expect(outcome.error?.retryable).toBe(true);
    expect(outcome.error?.code).toBe('overloaded_error');
  });

  it('an error after content ends the stream there, and nothing after it is decoded', async () => {
    const text = fixture('anthropic/text-stream.sse');
    const cut = text.slice(0, text.indexOf('event: content_block_stop'));
    const sse = `${cut}event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down sk-ant-api03-secretsecret"}}\n\n${text.slice(cut.length)}`;
    const { events } = await decode(sse);
    expect(events.map((event) => (event as { type: string }).type)).toEqual(['start', 'usage', 'text-delta', 'error']);
    expect(events.at(-1)).toEqual({ type: 'error', kind: 'rate_limit', message: 'slow down [redacted]' });
  });

  it('a malformed event is a terminal error; a stream without message_delta has no finish and fails', async () => {
    const malformed = await decode(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m"}}\n\nevent: content_block_delta\ndata: {oops\n\n',
    );
    expect(malformed.events.at(-1)).toMatchObject({ type: 'error', kind: 'upstream' });
    const text = fixture('anthropic/text-stream.sse');
    const truncated = await decode(text.slice(0, text.indexOf('event: message_delta')));
    expect(truncated.outcome.error?.message).toMatch(/without a finish reason/);
  });

  it('json response tool: its arguments are streamed as text and the finish is stop', async () => {
    const sse = [
      { type: 'message_start', message: { id: 'msg_json', model: 'claude-sonnet-4-5', usage: { input_tokens: 5, output_tokens: 1 } } },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_j', name: 'switchboard_json_response', input: {} },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"name":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]
      .map((data) => `data: ${JSON.stringify(data)}\n\n`)
      .join('');
    const { events, outcome } = await decode(sse);
    expect(ofType(events, 'tool-call-start')).toEqual([]);
    expect(ofType(events, 'text-delta').map((event) => event.text)).toEqual(['{"name":', '"Paris"}']);
    expect(outcome.finishReason).toBe('stop');
  });
});
