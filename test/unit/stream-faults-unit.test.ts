/**
 * Streams tell the truth (issue 14): every recorded failure shape ends in one terminal error
 * event, under every chunking; lines outside SSE framing reach the decoder; a finish reason the
 * provider repeats is emitted once, at the end.
 */
import { describe, expect, it } from 'vitest';
import { createAnthropicStreamDecoder } from '../../src/providers/anthropic/stream';
import { createGeminiStreamDecoder } from '../../src/providers/gemini/stream';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import type { StreamDecoder, Target } from '../../src/providers/types';
import { fixture } from '../support/fixtures';
import { adversarialChunkings, collect } from '../support/stream-harness';

const encoder = new TextEncoder();
const gemini: Target = { provider: 'gemini', adapter: 'gemini', model: 'gemini-2.5-flash', baseUrl: '', options: {} };
const types = (events: unknown[]) => events.map((event) => (event as { type: string }).type);
/** Gemini streams carry no creation time: the decoder stamps the clock, so compare without it. */
const timeless = (events: unknown[]) => events.map((event) => ({ ...(event as object), created: undefined }));

interface Case {
  sse: string;
  decoder: () => StreamDecoder;
  types: string[];
  error: Record<string, unknown>;
}

const failures: Record<string, Case> = {
  'Gemini: a bare JSON error object after the chunks (499 CANCELLED)': {
    sse: fixture('gemini/errors/cancelled-after-chunks.issue.sse'),
    decoder: () => createGeminiStreamDecoder(gemini),
    types: ['start', 'text-delta', 'text-delta', 'error'],
    error: { kind: 'upstream', status: 502, upstreamStatus: 502, code: 'cancelled', message: 'gemini: The operation was cancelled.' },
  },
  'Groq: `event: error` mid-stream': {
    sse: fixture('groq/errors/mid-stream-error-event.issue.sse'),
    decoder: createOpenAIStreamDecoder,
    types: ['start', 'text-delta', 'error'],
    error: { kind: 'upstream', message: 'Service Unavailable', retryable: true },
  },
  'OpenAI: an `error` chunk after content': {
    sse: fixture('openai/chat/errors/server-error-chunk.issue.sse'),
    decoder: createOpenAIStreamDecoder,
    types: ['start', 'text-delta', 'error'],
    error: { kind: 'upstream', message: expect.stringMatching(/^The server had an error/) },
  },
  'Anthropic: `event: error` overloaded': {
    sse: `${fixture('anthropic/text-stream.sse').split('\n\n').slice(0, 3).join('\n\n')}\n\n${fixture('anthropic/errors/overloaded-error-event.issue.sse')}`,
    decoder: () => createAnthropicStreamDecoder(() => 0),
    types: ['start', 'usage', 'error'],
    error: { kind: 'overloaded', message: 'Overloaded', retryable: true },
  },
};

describe('recorded failure shapes end in one terminal error, under every chunking', () => {
  for (const [name, failure] of Object.entries(failures)) {
    it(name, async () => {
      const bytes = encoder.encode(failure.sse);
      const whole = await collect([bytes], failure.decoder());
      expect(types(whole.events)).toEqual(failure.types);
      expect(types(whole.events)).not.toContain('finish');
      expect(whole.outcome.error).toMatchObject(failure.error);
      expect(whole.outcome.finishReason).toBeUndefined();
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await collect(parts, failure.decoder());
        expect(timeless(split.events), chunking).toEqual(timeless(whole.events));
      }
    });
  }

  it('Anthropic: a bare `{"error":…}` line outside SSE framing is an error too', async () => {
    const sse = `${fixture('anthropic/text-stream.sse').split('\n\n').slice(0, 3).join('\n\n')}\n\n{"error":{"type":"overloaded_error","message":"Overloaded"}}\n`;
    const { events, outcome } = await collect(
      [encoder.encode(sse)],
      createAnthropicStreamDecoder(() => 0),
    );
    expect(types(events).at(-1)).toBe('error');
    expect(outcome.error).toMatchObject({ kind: 'overloaded' });
  });

  it('junk outside SSE framing that is not JSON ends the stream with a malformed-chunk error, never silently', async () => {
    const sse = `${fixture('gemini/text-stream.sse')}<html>502 Bad Gateway</html>\n`;
    const { events, outcome } = await collect([encoder.encode(sse)], createGeminiStreamDecoder(gemini));
    expect(types(events).at(-1)).toBe('error');
    expect(types(events)).not.toContain('finish');
    expect(outcome.error).toMatchObject({ code: 'upstream_malformed_chunk' });
  });
});

describe('a finish reason the provider repeats is emitted once, at the end', () => {
  it('Gemini with `finishReason: "STOP"` on every chunk: one finish after all the text', async () => {
    const bytes = encoder.encode(fixture('gemini/text-stream-stop-every-chunk.issue.sse'));
    const whole = await collect([bytes], createGeminiStreamDecoder(gemini));
    expect(types(whole.events)).toEqual(['start', 'text-delta', 'text-delta', 'text-delta', 'finish', 'usage']);
    expect(whole.outcome.finishReason).toBe('stop');
    expect(whole.outcome.error).toBeUndefined();
    for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
      expect(timeless((await collect(parts, createGeminiStreamDecoder(gemini))).events), chunking).toEqual(timeless(whole.events));
    }
  });

  it('an OpenAI-compatible host repeating finish_reason gives one finish', async () => {
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const sse = `${chunk({ content: 'a' }, null)}${chunk({}, 'stop')}${chunk({}, 'stop')}data: [DONE]\n\n`;
    const { events } = await collect([encoder.encode(sse)], createOpenAIStreamDecoder());
    expect(types(events)).toEqual(['start', 'text-delta', 'finish']);
  });
});

describe('a JSON array stream (Gemini without alt=sse) reaches the decoder', () => {
  it('pretty-printed array elements decode like the SSE recording, under every chunking', async () => {
    const sse = fixture('gemini/text-stream.sse');
    const payloads = sse
      .split(/\r?\n\r?\n/)
      .filter((block) => block.startsWith('data: '))
      .map((block) => JSON.parse(block.slice(6)) as unknown);
    const array = `[${payloads.map((payload) => JSON.stringify(payload, null, 2)).join('\n,\r\n')}]`;
    const expected = timeless((await collect([encoder.encode(sse)], createGeminiStreamDecoder(gemini))).events);
    const bytes = encoder.encode(array);
    const whole = await collect([bytes], createGeminiStreamDecoder(gemini));
    expect(timeless(whole.events)).toEqual(expected);
    for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
      expect(timeless((await collect(parts, createGeminiStreamDecoder(gemini))).events), chunking).toEqual(expected);
    }
  });
});
