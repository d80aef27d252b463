/**
 * The same-dialect lane's two byte-level pieces: the model splice on the way up (only the
 * top-level `model` string changes) and the forwarded stream on the way down (the client gets
 * exactly the upstream bytes, however they were chunked, while the decoder still sees usage).
 */
import { describe, expect, it } from 'vitest';
import type { ForwardBody } from '../../src/lib/pipeline/same-dialect';
import { replaceTopLevelString, serializeForward } from '../../src/lib/pipeline/same-dialect';
import { type ForwardedStream, forwardedBytes } from '../../src/lib/streams/forwarded-stream';
import { decodeProviderStream } from '../../src/lib/streams/stream-pipeline';
import { createAnthropicStreamDecoder } from '../../src/providers/anthropic/stream';
import { isUsageOnlyChunk } from '../../src/providers/openai/forward';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import type { StreamDecoder } from '../../src/providers/types';
import { chunksToSse, fixture } from '../support/fixtures';
import { adversarialChunkings, byteStream } from '../support/stream-harness';

const encoder = new TextEncoder();

describe('replaceTopLevelString', () => {
  it('replaces only the top-level key, keeping every other byte', () => {
    const text = '{ "messages":[{"model":"inner","content":"\\"model\\": \\"x\\""}],\n  "model" :  "openai/gpt-4o" , "n":1.0 }';
    expect(replaceTopLevelString(text, 'model', '"gpt-4o"')).toBe(
      '{ "messages":[{"model":"inner","content":"\\"model\\": \\"x\\""}],\n  "model" :  "gpt-4o" , "n":1.0 }',
    );
  });

  it('replaces every duplicate, so the upstream never reads a model the gateway did not route', () => {
    expect(replaceTopLevelString('{"model":"a/x","model":"b/y"}', 'model', '"y"')).toBe('{"model":"y","model":"y"}');
  });

  it('a key written with escapes is the same key; a non-string value is not spliced', () => {
    expect(replaceTopLevelString('{"mod\\u0065l":"a/b"}', 'model', '"b"')).toBe('{"mod\\u0065l":"b"}');
    expect(replaceTopLevelString('{"model":7}', 'model', '"b"')).toBeUndefined();
    expect(replaceTopLevelString('{"other":"a"}', 'model', '"b"')).toBeUndefined();
  });
});

describe('serializeForward', () => {
  const text = '{"model": "anthropic/claude",  "max_tokens": 10, "x": [1.0]}';
  const body = JSON.parse(text) as Record<string, unknown>;
  const forward: ForwardBody = { dialect: 'anthropic-messages', body, text, headers: {}, clientMessages: 1 };

  it('only the model changed: the client text with the model spliced', () => {
    expect(serializeForward(forward, { ...body, model: 'claude' })).toBe('{"model": "claude",  "max_tokens": 10, "x": [1.0]}');
  });

  it('any other edit: the edited body serialised', () => {
    expect(serializeForward(forward, { ...body, model: 'claude', max_tokens: 20 })).toBe('{"model":"claude","max_tokens":20,"x":[1]}');
    expect(serializeForward(forward, { ...body, model: 'claude', x: [1] })).toBe('{"model":"claude","max_tokens":10,"x":[1]}');
  });
});

/** Decode and forward `parts` as the lane does; the client's bytes and the decoded outcome. */
async function forwardThrough(parts: Uint8Array[], decoder: StreamDecoder) {
  const tap: Uint8Array[] = [];
  const decoded = decodeProviderStream(byteStream(parts), decoder, { provider: 'test', now: () => 0, onChunk: (bytes) => tap.push(bytes) });
  const forwarded: ForwardedStream = { kind: 'stream', contentType: null, tap, fromProvider: () => false };
  const bytes = forwardedBytes(decoded.events, forwarded, (error) => `event: gateway-error\ndata: ${error.message}\n\n`);
  const text = await new Response(bytes).text();
  return { text, outcome: await decoded.outcome };
}

describe('forwardedBytes: the upstream bytes, under every chunking', () => {
  const recordings: [string, string, () => StreamDecoder][] = [
    [
      'anthropic cache write',
      chunksToSse(fixture('anthropic/cache-write-max-tokens-stream.chunks.jsonl'), { eventFromType: true }),
      () => createAnthropicStreamDecoder(() => 0),
    ],
    ['openai include_usage', fixture('openai/chat/text-stream-include-usage.sse'), () => createOpenAIStreamDecoder()],
  ];
  for (const [name, sse, decoder] of recordings) {
    it(`${name}: identical bytes and usage whole, byte by byte and split anywhere`, { timeout: 30_000 }, async () => {
      const bytes = encoder.encode(sse);
      const whole = await forwardThrough([bytes], decoder());
      expect(whole.text).toBe(sse);
      expect(whole.outcome.usage?.inputTokens).toBeGreaterThan(0);
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await forwardThrough(parts, decoder());
        expect(split.text, chunking).toBe(sse);
        expect(split.outcome.usage, chunking).toEqual(whole.outcome.usage);
      }
    });
  }

  it('a stream that ends without finishing: its bytes, then the gateway error once', async () => {
    const sse = fixture('openai/chat/text-stream-include-usage.sse');
    const cut = sse.slice(0, sse.indexOf('"finish_reason":"stop"') - 200);
    const cutAtEvent = cut.slice(0, cut.lastIndexOf('\n\n') + 2);
    const { text, outcome } = await forwardThrough([encoder.encode(cutAtEvent)], createOpenAIStreamDecoder());
    expect(outcome.error?.code).toBe('upstream_stream_error');
    expect(text).toBe(`${cutAtEvent}event: gateway-error\ndata: ${outcome.error?.message}\n\n`);
  });
});

describe('forwardedBytes: an event only the gateway asked for is held back', () => {
  it('the usage-only chunk goes, every other byte stays, under every chunking', { timeout: 30_000 }, async () => {
    const sse = fixture('openai/chat/text-stream-include-usage.sse');
    const blocks = sse.split(/(?<=\n\n)/);
    const expected = blocks.filter((block) => !isUsageOnlyChunk(block)).join('');
    expect(expected.length).toBeLessThan(sse.length);
    expect(expected).toContain('data: [DONE]');
    const bytes = encoder.encode(sse);
    for (const { name, parts } of [{ name: 'whole', parts: [bytes] }, ...adversarialChunkings(bytes)]) {
      const tap: Uint8Array[] = [];
      const decoded = decodeProviderStream(byteStream(parts), createOpenAIStreamDecoder(), {
        provider: 'test',
        onChunk: (b) => tap.push(b),
      });
      const forwarded: ForwardedStream = { kind: 'stream', contentType: null, tap, fromProvider: () => false, hideEvent: isUsageOnlyChunk };
      expect(await new Response(forwardedBytes(decoded.events, forwarded, () => '')).text(), name).toBe(expected);
      expect((await decoded.outcome).usage?.inputTokens, name).toBe(14);
    }
  });
});
