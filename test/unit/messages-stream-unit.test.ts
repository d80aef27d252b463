import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../src/lib/canonical';
import { GatewayError } from '../../src/lib/http/errors';
import type { EventBatch } from '../../src/lib/streams/stream-pipeline';
import { anthropicStreamEncoder } from '../../src/surfaces/anthropic/stream';

const start: ChatStreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-mini', created: 1 };
const text = (value: string): ChatStreamEvent => ({ type: 'text-delta', choice: 0, text: value });
const finish = (reason: 'stop' | 'tool_calls' | 'length'): ChatStreamEvent => ({ type: 'finish', choice: 0, reason });
const usage = (inputTokens: number, outputTokens: number): ChatStreamEvent => ({ type: 'usage', usage: { inputTokens, outputTokens } });
const toolStart = (index: number, id: string, name: string): ChatStreamEvent => ({ type: 'tool-call-start', choice: 0, index, id, name });
const toolDelta = (index: number, args: string): ChatStreamEvent => ({ type: 'tool-call-delta', choice: 0, index, arguments: args });

/** Encode through the real byte stream, one batch per event unless `batched` puts them all in one. */
async function encode(events: ChatStreamEvent[], stopSequences?: string[], batched = false): Promise<string> {
  const source = new ReadableStream<EventBatch>({
    start(controller) {
      if (batched) controller.enqueue(events);
      else for (const event of events) controller.enqueue([event]);
      controller.close();
    },
  });
  return new Response(source.pipeThrough(anthropicStreamEncoder({ requestId: 'req_test', stopSequences }))).text();
}

/** The expected wire text for a list of (event name, payload) pairs. */
const sse = (events: [string, unknown][]) => events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');

const zeroUsage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const messageStart = (usage = zeroUsage): [string, unknown] => [
  'message_start',
  {
    type: 'message_start',
    message: {
      id: 'msg_chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  },
];
const ping: [string, unknown] = ['ping', { type: 'ping' }];
const blockStart = (index: number, block: unknown): [string, unknown] => [
  'content_block_start',
  { type: 'content_block_start', index, content_block: block },
];
const blockDelta = (index: number, delta: unknown): [string, unknown] => [
  'content_block_delta',
  { type: 'content_block_delta', index, delta },
];
const blockStop = (index: number): [string, unknown] => ['content_block_stop', { type: 'content_block_stop', index }];
const messageDelta = (stopReason: string, usage: unknown, stopSequence: string | null = null): [string, unknown] => [
  'message_delta',
  { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage },
];
const messageStop: [string, unknown] = ['message_stop', { type: 'message_stop' }];
const finalUsage = (input: number, output: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
});

describe('canonical events → Anthropic SSE', () => {
  it('text only, usage arriving after the finish (OpenAI style): exact bytes', async () => {
    const wire = await encode([start, text(''), text('Hel'), text('lo'), finish('stop'), usage(12, 2)]);
    expect(wire).toBe(
      'event: message_start\n' +
        'data: {"type":"message_start","message":{"id":"msg_chatcmpl-1","type":"message","role":"assistant","model":"gpt-4o-mini","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n' +
        'event: ping\ndata: {"type":"ping"}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('the same bytes whether events arrive one per batch or all in one', async () => {
    const events = [start, text('a'), toolStart(0, 'call_1', 'x'), toolDelta(0, '{}'), finish('tool_calls'), usage(1, 2)];
    expect(await encode(events, undefined, true)).toBe(await encode(events));
  });

  it('text then a tool: the text block closes before the tool_use block opens', async () => {
    const wire = await encode([
      start,
      text('Let me check.'),
      toolStart(0, 'call_1', 'weather'),
      toolDelta(0, ''),
      toolDelta(0, '{"city":'),
      toolDelta(0, '"Paris"}'),
      finish('tool_calls'),
      usage(50, 10),
    ]);
    expect(wire).toBe(
      sse([
        messageStart(),
        ping,
        blockStart(0, { type: 'text', text: '' }),
        blockDelta(0, { type: 'text_delta', text: 'Let me check.' }),
        blockStop(0),
        blockStart(1, { type: 'tool_use', id: 'call_1', name: 'weather', input: {} }),
        blockDelta(1, { type: 'input_json_delta', partial_json: '{"city":' }),
        blockDelta(1, { type: 'input_json_delta', partial_json: '"Paris"}' }),
        blockStop(1),
        messageDelta('tool_use', finalUsage(50, 10)),
        messageStop,
      ]),
    );
  });

  it("a tool call's provider signature rides on its tool_use block, so the SDK hands it back", async () => {
    const signed: ChatStreamEvent = {
      type: 'tool-call-start',
      choice: 0,
      index: 0,
      id: 'call_1',
      name: 'weather',
      signature: 'sig-gemini',
    };
    const wire = await encode([start, signed, toolDelta(0, '{}'), finish('tool_calls'), usage(5, 1)]);
    expect(wire).toContain('"type":"tool_use","id":"call_1","name":"weather","input":{},"signature":"sig-gemini"');
    // …and on a carrier thinking block first, for clients that keep only Anthropic's own block types.
    const carrier = wire.indexOf('"type":"thinking"');
    expect(carrier).toBeGreaterThan(-1);
    expect(carrier).toBeLessThan(wire.indexOf('"type":"tool_use"'));
  });

  it('two parallel tools get consecutive indexes', async () => {
    const wire = await encode([
      start,
      toolStart(0, 'call_a', 'weather'),
      toolDelta(0, '{"city":"Paris"}'),
      toolStart(1, 'call_b', 'weather'),
      toolDelta(1, '{"city":"Rome"}'),
      finish('tool_calls'),
      usage(50, 20),
    ]);
    expect(wire).toBe(
      sse([
        messageStart(),
        ping,
        blockStart(0, { type: 'tool_use', id: 'call_a', name: 'weather', input: {} }),
        blockDelta(0, { type: 'input_json_delta', partial_json: '{"city":"Paris"}' }),
        blockStop(0),
        blockStart(1, { type: 'tool_use', id: 'call_b', name: 'weather', input: {} }),
        blockDelta(1, { type: 'input_json_delta', partial_json: '{"city":"Rome"}' }),
        blockStop(1),
        messageDelta('tool_use', finalUsage(50, 20)),
        messageStop,
      ]),
    );
  });

  it('thinking with its signature, a redacted block, then text; early usage reaches message_start', async () => {
    const wire = await encode([
      start,
      { type: 'usage', usage: { inputTokens: 46, outputTokens: 3, cachedInputTokens: 6 } },
      { type: 'reasoning-delta', choice: 0, text: 'The user' },
      { type: 'reasoning-delta', choice: 0, text: ' wants names.' },
      { type: 'reasoning-block', choice: 0, block: { type: 'thinking', thinking: 'The user wants names.', signature: 'EuYD' } },
      { type: 'reasoning-block', choice: 0, block: { type: 'redacted_thinking', data: 'opaque' } },
      text('Pouch.'),
      finish('stop'),
      { type: 'usage', usage: { inputTokens: 46, outputTokens: 133, cachedInputTokens: 6 } },
    ]);
    expect(wire).toBe(
      sse([
        messageStart({ input_tokens: 40, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 6 }),
        ping,
        blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        blockDelta(0, { type: 'thinking_delta', thinking: 'The user' }),
        blockDelta(0, { type: 'thinking_delta', thinking: ' wants names.' }),
        blockDelta(0, { type: 'signature_delta', signature: 'EuYD' }),
        blockStop(0),
        blockStart(1, { type: 'redacted_thinking', data: 'opaque' }),
        blockStop(1),
        blockStart(2, { type: 'text', text: '' }),
        blockDelta(2, { type: 'text_delta', text: 'Pouch.' }),
        blockStop(2),
        messageDelta('end_turn', { input_tokens: 40, output_tokens: 133, cache_creation_input_tokens: 0, cache_read_input_tokens: 6 }),
        messageStop,
      ]),
    );
  });

  it('a whole signed thinking block with no deltas before it is streamed as one delta', async () => {
    const wire = await encode([
      start,
      { type: 'reasoning-block', choice: 0, block: { type: 'thinking', thinking: 'Hmm.', signature: 's' } },
      finish('stop'),
    ]);
    expect(wire).toBe(
      sse([
        messageStart(),
        ping,
        blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        blockDelta(0, { type: 'thinking_delta', thinking: 'Hmm.' }),
        blockDelta(0, { type: 'signature_delta', signature: 's' }),
        blockStop(0),
        messageDelta('end_turn', zeroUsage),
        messageStop,
      ]),
    );
  });

  it('an error mid-stream: event error in Anthropic shape, then nothing (no message_stop)', async () => {
    const overloaded = new GatewayError('overloaded', 'Overloaded', { code: 'overloaded' });
    const wire = await encode([start, text('1'), { type: 'error', error: overloaded }, text('ignored'), finish('stop')]);
    expect(wire).toBe(
      sse([
        messageStart(),
        ping,
        blockStart(0, { type: 'text', text: '' }),
        blockDelta(0, { type: 'text_delta', text: '1' }),
        ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_test' }],
      ]),
    );
  });

  it('max_tokens, refusal and a named stop sequence map to their stop reasons', async () => {
    const lastDelta = (wire: string) => JSON.parse(wire.split('\n\n').at(-3)?.split('data: ')[1] ?? '{}').delta;
    expect(lastDelta(await encode([start, text('a'), finish('length')]))).toEqual({ stop_reason: 'max_tokens', stop_sequence: null });
    expect(lastDelta(await encode([start, { type: 'refusal-delta', choice: 0, text: 'No.' }, finish('stop')]))).toEqual({
      stop_reason: 'refusal',
      stop_sequence: null,
    });
    const named: ChatStreamEvent = { type: 'finish', choice: 0, reason: 'stop', stopSequence: 'END' };
    expect(lastDelta(await encode([start, text('a'), named], ['END']))).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('arguments for a tool block already closed end the stream with an error, never silently', async () => {
    const wire = await encode([start, toolStart(0, 'a', 'x'), toolStart(1, 'b', 'y'), toolDelta(0, '{}'), finish('tool_calls')]);
    expect(wire).not.toContain('message_stop');
    expect(wire.trimEnd().split('\n\n').at(-1)).toMatch(
      /^event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"The provider sent tool-call arguments out of order/,
    );
  });

  it('ignores choices other than 0 and sends a well-formed empty message', async () => {
    const wire = await encode([start, { type: 'text-delta', choice: 1, text: 'other' }, finish('stop'), usage(3, 0)]);
    expect(wire).toBe(sse([messageStart(), ping, messageDelta('end_turn', finalUsage(3, 0)), messageStop]));
  });
});
