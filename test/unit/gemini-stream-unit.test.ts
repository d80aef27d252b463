import { describe, expect, it } from 'vitest';
import { createGeminiStreamDecoder } from '../../src/providers/gemini/stream';
import type { Target } from '../../src/providers/types';
import { fixture } from '../support/fixtures';
import { adversarialChunkings, collect, framingVariants } from '../support/stream-harness';

const encoder = new TextEncoder();
const target: Target = { provider: 'gemini', adapter: 'gemini', model: 'gemini-2.5-flash', baseUrl: '', options: {} };
const decoder = () => createGeminiStreamDecoder(target);

/** Gemini sends no creation time, and a blocked prompt no response id: compare those apart. */
function comparable(events: unknown[]): unknown[] {
  return events.map((event) => {
    const { type, id, created, ...rest } = event as { type: string; id?: string; created?: number };
    if (type !== 'start') return event;
    expect(typeof created).toBe('number');
    return { type, ...rest, ...(id?.startsWith('chatcmpl-') ? {} : { id }) };
  });
}

/** The safety recording is a non-streamed response; as one chunk it is a valid stream (what the fake sends). */
const safetyStream = `data: ${JSON.stringify(JSON.parse(fixture('gemini/finish-reason-safety.json')))}\n\n`;

/** The recordings are CRLF-framed, as Gemini sends them. */
const firstEvent = (path: string) => fixture(path).split(/\r?\n\r?\n/)[0];

const recorded: Record<string, { sse: string; expected: unknown[] }> = {
  text: {
    sse: fixture('gemini/text-stream.sse'),
    expected: [
      { type: 'start', id: 'w1peaMz6INOvnvgPgYfPiQY', model: 'gemini-2.0-flash-exp' },
      { type: 'text-delta', choice: 0, text: 'The' },
      { type: 'text-delta', choice: 0, text: ' capital of France' },
      { type: 'text-delta', choice: 0, text: ' is Paris.\n' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', usage: { inputTokens: 13, outputTokens: 8 } },
    ],
  },
  'usage repeated on every chunk (the last one counts)': {
    sse: fixture('gemini/text-stream-usage-per-chunk.sse'),
    expected: [
      { type: 'start', id: 'ru1garvBEoOiqtsP2fznmQw', model: 'gemini-2.5-flash' },
      { type: 'text-delta', choice: 0, text: '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n1' },
      { type: 'text-delta', choice: 0, text: '4\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n3' },
      { type: 'text-delta', choice: 0, text: '0' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 115, reasoningTokens: 35 } },
    ],
  },
  'function call': {
    sse: fixture('gemini/function-call-stream.sse'),
    expected: [
      { type: 'start', id: 'WQCzaayhL8Xmz7IP-63dqQk', model: 'gemini-2.5-flash' },
      {
        type: 'tool-call-start',
        choice: 0,
        index: 0,
        id: 'call_WQCzaayhL8Xmz7IP-63dqQk_0_0',
        name: 'weather',
        signature: expect.stringMatching(/^CiQBvj72\+xCKZ6n2/),
      },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"location":"Florence,Italy"}' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 54, outputTokens: 58, reasoningTokens: 43 } },
    ],
  },
  'parallel calls in one chunk': {
    sse: fixture('gemini/parallel-function-calls-stream.sse'),
    expected: [
      { type: 'start', id: 'XQCzaYWvIqfRz7IPupTlyAk', model: 'gemini-2.5-flash' },
      {
        type: 'tool-call-start',
        choice: 0,
        index: 0,
        id: 'call_XQCzaYWvIqfRz7IPupTlyAk_0_0',
        name: 'add',
        signature: expect.stringMatching(/^CloBvj72/),
      },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"b":3,"a":2}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'call_XQCzaYWvIqfRz7IPupTlyAk_0_1', name: 'multiply' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '{"a":2,"b":3}' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 121, outputTokens: 74, reasoningTokens: 38 } },
    ],
  },
  thinking: {
    sse: fixture('gemini/thinking-stream.sse'),
    expected: [
      { type: 'start', id: '0J-HaJetAqv0jrEPwu-tsQ0', model: 'gemini-2.5-flash' },
      { type: 'reasoning-delta', choice: 0, text: expect.stringMatching(/^\*\*Exploring Sky Color/) },
      { type: 'reasoning-delta', choice: 0, text: expect.stringMatching(/^\*\*Refining the Explanation/) },
      { type: 'reasoning-delta', choice: 0, text: expect.stringMatching(/^\*\*Constructing a Concise Answer/) },
      { type: 'text-delta', choice: 0, text: expect.stringMatching(/^The sky is blue because/) },
      { type: 'text-delta', choice: 0, text: expect.stringMatching(/^ Blue light has shorter/) },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 588, reasoningTokens: 540 } },
    ],
  },
  'prompt blocked (no candidates)': {
    sse: fixture('gemini/prompt-blocked-stream.sse'),
    expected: [
      { type: 'start', model: 'gemini-2.5-flash' },
      { type: 'finish', choice: 0, reason: 'content_filter' },
    ],
  },
  'safety finish': {
    sse: safetyStream,
    expected: [
      { type: 'start', model: 'gemini-2.0-flash' },
      { type: 'text-delta', choice: 0, text: 'Safety error incoming in 5, 4, 3, 2...' },
      { type: 'finish', choice: 0, reason: 'content_filter' },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 20 } },
    ],
  },
};

describe('Gemini stream decoding', () => {
  for (const [name, { sse, expected }] of Object.entries(recorded)) {
    it(`${name}: the expected canonical events, identical under every chunking and framing`, async () => {
      const bytes = encoder.encode(sse);
      const whole = await collect([bytes], decoder());
      expect(comparable(whole.events)).toEqual(expected);
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await collect(parts, decoder());
        expect(comparable(split.events), chunking).toEqual(comparable(whole.events));
      }
      for (const [variant, text] of Object.entries(framingVariants(sse))) {
        const reframed = await collect([encoder.encode(text)], decoder());
        expect(comparable(reframed.events), variant).toEqual(comparable(whole.events));
      }
    });
  }

  it('reports the last usage snapshot once, never a sum', async () => {
    const { events, outcome } = await collect([encoder.encode(fixture('gemini/text-stream-usage-per-chunk.sse'))], decoder());
    expect(events.filter((event) => (event as { type: string }).type === 'usage')).toHaveLength(1);
    expect(outcome.usage).toEqual({ inputTokens: 18, outputTokens: 115, reasoningTokens: 35 });
  });

  it('takes a stream that simply ends after its finish chunk as complete (Gemini sends no [DONE])', async () => {
    const { outcome } = await collect([encoder.encode(fixture('gemini/text-stream.sse'))], decoder());
    expect(outcome.finishReason).toBe('stop');
    expect(outcome.error).toBeUndefined();
  });

  it('turns an error object mid-stream into a typed terminal error', async () => {
    const sse = `${firstEvent('gemini/text-stream.sse')}\n\ndata: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\n\n`;
    const { events, outcome } = await collect([encoder.encode(sse)], decoder());
    expect(events.map((event) => (event as { type: string }).type)).toEqual(['start', 'text-delta', 'error']);
    expect(outcome.error).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('turns a malformed chunk into a terminal error', async () => {
    const sse = 'data: {"candidates": [{"content": {"parts": [{"text": "trunc\n\ndata: {"candidates":[]}\n\n';
    const { events } = await collect([encoder.encode(sse)], decoder());
    expect(events).toEqual([{ type: 'error', kind: 'upstream', message: 'The provider sent a stream chunk the gateway could not read.' }]);
  });

  it('treats a stream cut before its finish reason as a failure', async () => {
    const first = `${firstEvent('gemini/text-stream.sse')}\n\n`;
    const { events, outcome } = await collect([encoder.encode(first)], decoder());
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'upstream' });
    expect(outcome.error?.message).toMatch(/without a finish reason/);
  });

  it('keeps Gemini 3 call ids and numbers calls per candidate', async () => {
    const chunk = {
      responseId: 'r1',
      candidates: [
        { index: 0, content: { parts: [{ functionCall: { id: 'fc-1', name: 'a', args: {} } }] }, finishReason: 'STOP' },
        { index: 1, content: { parts: [{ functionCall: { name: 'b' } }] }, finishReason: 'MAX_TOKENS' },
      ],
    };
    const { events } = await collect([encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`)], decoder());
    expect(comparable(events)).toEqual([
      { type: 'start', id: 'r1', model: 'gemini-2.5-flash' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'fc-1', name: 'a' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{}' },
      { type: 'tool-call-start', choice: 1, index: 0, id: 'call_r1_1_0', name: 'b' },
      { type: 'tool-call-delta', choice: 1, index: 0, arguments: '{}' },
      // Finishes are emitted when the stream ends (Gemini may repeat them on every chunk).
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      { type: 'finish', choice: 1, reason: 'length' },
    ]);
  });
});
