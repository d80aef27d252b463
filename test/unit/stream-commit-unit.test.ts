import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../src/lib/canonical';
import type { ChatOutcome } from '../../src/lib/pipeline/chat-dispatch';
import { runRoute } from '../../src/lib/routing/route-runner';
import { awaitFirstContent } from '../../src/lib/routing/stream-commit';
import { type DecodedStream, decodeProviderStream, type EventBatch } from '../../src/lib/streams/stream-pipeline';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import { emptyRecord, harness, planned, routePlan } from '../support/routing-harness';

const bytes = (text: string) => new TextEncoder().encode(text);
const sse = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
const chunk = (id: string, delta: Record<string, unknown>, finish: string | null = null) =>
  sse({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
const usage = (id: string, prompt: number, completion: number) =>
  sse({
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion },
  });

/** An upstream body: these pieces, then either a clean end, a broken connection, or silence. */
function body(pieces: string[], ending: 'end' | 'break' | 'silence' = 'end'): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece !== undefined) return controller.enqueue(bytes(piece));
      if (ending === 'end') controller.close();
      else if (ending === 'break') controller.error(new Error('connection reset'));
      else return new Promise(() => {}); // never answers
    },
  });
}

const decode = (stream: ReadableStream<Uint8Array>, idleTimeoutMs?: number) =>
  decodeProviderStream(stream, createOpenAIStreamDecoder(), { provider: 'openai', idleTimeoutMs });

async function drain(stream: ReadableStream<EventBatch>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  const reader = stream.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) return events;
    events.push(...next.value);
  }
}

const whole = (id: string) => [
  chunk(id, { role: 'assistant', content: '' }),
  chunk(id, { content: 'Hello' }),
  chunk(id, {}, 'stop'),
  usage(id, 11, 2),
  'data: [DONE]\n\n',
];

describe('awaitFirstContent', () => {
  it('commits at the first content event and hands on every event, the held ones first', async () => {
    const committed = await awaitFirstContent(decode(body(whole('one'))));
    expect(committed.ok).toBe(true);
    if (!committed.ok) return;
    const events = await drain(committed.stream.events);
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect((await committed.stream.outcome).usage).toEqual({ inputTokens: 11, outputTokens: 2 });
  });

  it('reports a stream that breaks before any content as a retryable failure', async () => {
    const committed = await awaitFirstContent(decode(body([chunk('two', { role: 'assistant', content: '' })], 'break')));
    expect(committed).toMatchObject({ ok: false, error: { code: 'upstream_stream_error', retryable: true } });
  });

  it('commits before a later break, which reaches the client as the terminal error event', async () => {
    const committed = await awaitFirstContent(decode(body(whole('three').slice(0, 2), 'break')));
    if (!committed.ok) throw new Error('expected a commit');
    const events = await drain(committed.stream.events);
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'error']);
  });
});

describe('idle timeout between stream chunks', () => {
  it('ends a silent stream with a terminal upstream_idle_timeout error', async () => {
    const decoded = decode(body(whole('four').slice(0, 2), 'silence'), 5);
    const events = await drain(decoded.events);
    const last = events.at(-1);
    expect(last?.type === 'error' && { code: last.error.code, kind: last.error.kind }).toEqual({
      code: 'upstream_idle_timeout',
      kind: 'timeout',
    });
    expect((await decoded.outcome).error?.code).toBe('upstream_idle_timeout');
  });

  it('fails an attempt whose stream goes silent before its first content', async () => {
    const committed = await awaitFirstContent(decode(body([chunk('five', { role: 'assistant', content: '' })], 'silence'), 5));
    expect(committed).toMatchObject({ ok: false, error: { code: 'upstream_idle_timeout' } });
  });
});

describe('streams through the routing loop', () => {
  const a = planned('openai/model-a');
  const b = planned('deepseek/model-b');
  const streamStep = (decoded: DecodedStream) => async (): Promise<ChatOutcome> => {
    const committed = await awaitFirstContent(decoded);
    if (!committed.ok) throw committed.error;
    return { kind: 'stream', stream: committed.stream, target: a.target, attempts: 1 };
  };

  it('falls back when the first stream dies before content, and accounts only the served stream', async () => {
    // The failing upstream even reported usage before dying: it must not be counted.
    const dying = decode(body([chunk('dies', { role: 'assistant', content: '' }), usage('dies', 999, 999)], 'break'));
    const world = harness({ 'openai/model-a': [streamStep(dying)], 'deepseek/model-b': [streamStep(decode(body(whole('served'))))] });
    const record = emptyRecord();
    const outcome = await runRoute(
      { model: 'r', messages: [{ role: 'user', content: 'hi' }], stream: true },
      routePlan([a, b], { defaults: { retry: { attemptsPerTarget: 1 } } }),
      { record },
      world.deps,
    );
    if (outcome.kind !== 'stream') throw new Error('expected a stream');
    const events = await drain(outcome.stream.events);
    expect(events.filter((event) => event.type === 'start')).toMatchObject([{ id: 'served' }]);
    expect(events.filter((event) => event.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 11, outputTokens: 2 } }]);
    expect((await outcome.stream.outcome).usage).toEqual({ inputTokens: 11, outputTokens: 2 });
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.errorCode ?? null])).toEqual([
      ['openai', 'upstream_stream_error'],
      ['deepseek', null],
    ]);
  });
});
