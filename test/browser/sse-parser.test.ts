/**
 * The pages' own SSE parser (public/static/sse.js), run in Node: a recorded OpenAI stream gives
 * the same events whole, byte by byte, split at every offset (inside CRLF and multi-byte
 * characters included), re-framed with CRLF, with comment lines, and with CR-only line ends.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sseEvents } from '../../public/static/sse.js';

const recording = await readFile(new URL('../fixtures/recorded/openai/chat/text-stream-include-usage.sse', import.meta.url), 'utf8');
/** A multi-byte character and a multi-line data field, which recordings rarely have. */
const extra = 'event: note\ndata: héllo 🌍\ndata: second line\nid: 7\n\n';

function streamOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const part = parts[next++];
      if (part === undefined) controller.close();
      else controller.enqueue(part);
    },
  });
}

async function parse(parts: Uint8Array[]): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of sseEvents(streamOf(parts))) events.push(event);
  return events;
}

describe('browser SSE parser', () => {
  const bytes = new TextEncoder().encode(recording + extra);

  it('parses a recorded stream into its data events, [DONE] last, plus named multi-line events', async () => {
    const events = (await parse([bytes])) as { event: string; data: string; id: string }[];
    const data = events.filter((event) => event.event === 'message').map((event) => event.data);
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.slice(0, -1).every((entry) => typeof JSON.parse(entry).id === 'string')).toBe(true);
    expect(events.at(-1)).toEqual({ event: 'note', data: 'héllo 🌍\nsecond line', id: '7' });
  });

  it('gives identical events however the bytes are chunked', async () => {
    const whole = await parse([bytes]);
    expect(await parse(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual(whole);
    for (let offset = 1; offset < bytes.length; offset++) {
      expect(await parse([bytes.subarray(0, offset), bytes.subarray(offset)]), `split at ${offset}`).toEqual(whole);
    }
  });

  it('accepts CRLF and CR line ends and skips comment lines', async () => {
    const whole = await parse([bytes]);
    const text = recording + extra;
    for (const variant of [
      text.replace(/\n/g, '\r\n'),
      text.replace(/\n/g, '\r'),
      `: ping\n\n${text.replace(/\n\n/g, '\n\n: keep-alive\n\n')}`,
    ]) {
      const encoded = new TextEncoder().encode(variant);
      expect(await parse([encoded])).toEqual(whole);
      expect(await parse(Array.from(encoded, (byte) => new Uint8Array([byte])))).toEqual(whole);
    }
  });
});
