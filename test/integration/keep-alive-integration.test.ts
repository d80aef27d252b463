/**
 * No silent minutes (issue 14): past the commit window a stream sends its headers and SSE
 * comment keep-alives while it waits for the first content; a failure before content still
 * falls back (only comments were sent); when every target fails, the stream ends with the
 * surface's error event. Routes with small windows (vitest.config.ts): 50 ms commit, 100 ms
 * keep-alive, upstreams that take 300-700 ms to their first byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gateway } from '../support/gateway';

interface Timed {
  atMs: number;
  text: string;
}

async function readTimed(response: Response): Promise<{ chunks: Timed[]; text: string }> {
  const started = Date.now();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const chunks: Timed[] = [];
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push({ atMs: Date.now() - started, text: decoder.decode(next.value, { stream: true }) });
  }
  return { chunks, text: chunks.map((chunk) => chunk.text).join('') };
}

const chat = (model: string) =>
  gateway('/v1/chat/completions', { method: 'POST', json: { model, stream: true, messages: [{ role: 'user', content: 'hi' }] } });
const messages = (model: string) =>
  gateway('/v1/messages', { method: 'POST', json: { model, stream: true, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] } });

describe('stream keep-alives', () => {
  // The first request of a file pays the worker's start-up: not what the timings below measure.
  beforeAll(async () => {
    await (await chat('openai/gpt-4o-mini')).text();
  }, 60_000);

  it('a slow first byte: headers and `: keep-alive` comments long before the content, then the whole stream', async () => {
    const started = Date.now();
    const response = await chat('keep-alive-slow');
    const headersAfter = Date.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(headersAfter).toBeLessThan(600); // the upstream's first byte is 700 ms away
    const { chunks, text } = await readTimed(response);
    expect(chunks[0]?.text).toBe(': keep-alive\n\n');
    const comments = text.match(/^: keep-alive$/gm) ?? [];
    expect(comments.length).toBeGreaterThanOrEqual(2); // one at the commit, then one per 100 ms of silence
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const content = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => (JSON.parse(block.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    expect(content.length).toBeGreaterThan(0);
  });

  it('gaps in a flowing stream are filled with comments, never longer than the interval', async () => {
    const response = await chat('keep-alive-gaps');
    const { chunks, text } = await readTimed(response);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const dataChunks = chunks.filter((chunk) => chunk.text.includes('data: '));
    const between = text.slice(text.indexOf('data: '), text.lastIndexOf('data: '));
    expect(between).toMatch(/\n\n: keep-alive\n\ndata: /); // comments between events 300 ms apart
    expect(dataChunks.length).toBeGreaterThan(2);
    // Never as silent as the upstream's 300 ms gaps: about two 50 ms ticks, plus scheduling slack.
    const gaps = chunks.slice(1).map((chunk, index) => chunk.atMs - (chunks[index]?.atMs ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(300);
  });

  it('a comment comes one interval after the last write, content included: never almost two intervals of silence', async () => {
    // Events every 500 ms, keep-alive 200 ms: comments at +200 and +400 after each event. A fixed
    // 200 ms tick would skip the tick just after an event and leave gaps of up to 400 ms.
    const response = await chat('keep-alive-cadence');
    const { chunks, text } = await readTimed(response);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const gaps = chunks.slice(1).map((chunk, index) => chunk.atMs - (chunks[index]?.atMs ?? 0));
    expect(gaps.length).toBeGreaterThan(6);
    expect(Math.max(...gaps)).toBeLessThan(300);
  });

  it('a target failing after the commit still falls back: comments, then the next target’s content', async () => {
    const response = await chat('keep-alive-fallback');
    expect(response.status).toBe(200);
    const { text } = await readTimed(response);
    expect(text.startsWith(': keep-alive\n\n')).toBe(true);
    expect(text).toContain('"model":"deepseek-');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(text).not.toContain('"error"');
  });

  it('every target failing after the commit ends the OpenAI stream with its error event (no [DONE])', async () => {
    const response = await chat('keep-alive-all-fail');
    expect(response.status).toBe(200);
    const { text } = await readTimed(response);
    expect(text.startsWith(': keep-alive\n\n')).toBe(true);
    expect(text).not.toContain('[DONE]');
    const last = text.trimEnd().split('\n\n').at(-1) ?? '';
    expect(last).toMatch(/^data: \{"error":/);
    expect(JSON.parse(last.slice(6))).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
  });

  it('every target failing after the commit ends the Anthropic stream with `event: error`', async () => {
    const response = await messages('keep-alive-all-fail');
    expect(response.status).toBe(200);
    const { text } = await readTimed(response);
    expect(text.startsWith(': keep-alive\n\n')).toBe(true);
    const last = text.trimEnd().split('\n\n').at(-1) ?? '';
    expect(last).toMatch(/^event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error"/);
  });

  it('a failure inside the commit window is still an HTTP error, not a stream', async () => {
    const response = await chat('openai/gpt-4o-mini-keep-alive-early@status=400');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    await response.text();
  });
});
