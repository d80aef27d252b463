/**
 * Canonical events → the Responses stream grammar: checked event by event against OpenAI's
 * recorded Responses streams, across every provider's recorded stream under adversarial
 * chunking, and for reasoning state, failures, incomplete answers and the store hook.
 */
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../src/lib/canonical';
import { GatewayError } from '../../src/lib/http/errors';
import { decodeProviderStream, type EventBatch } from '../../src/lib/streams/stream-pipeline';
import { createAnthropicStreamDecoder } from '../../src/providers/anthropic/stream';
import { createGeminiStreamDecoder } from '../../src/providers/gemini/stream';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import type { StreamDecoder, Target } from '../../src/providers/types';
import type { ResponseContext } from '../../src/surfaces/responses/envelope';
import { decodeReasoningState } from '../../src/surfaces/responses/reasoning-state';
import type { ResponsesRequest } from '../../src/surfaces/responses/request-schema';
import { responsesStreamEncoder } from '../../src/surfaces/responses/stream';
import { chunksToSse, fixture } from '../support/fixtures';
import { checkResponsesGrammar, parseResponsesSse, type WireEvent } from '../support/responses-grammar';
import { adversarialChunkings, byteStream } from '../support/stream-harness';

const NOW = 1_700_000_000_000;
const CHUNKING_TIMEOUT_MS = 60_000;
const encoder = new TextEncoder();

function context(request: Partial<ResponsesRequest> = {}, withEncrypted = false): ResponseContext {
  return {
    id: 'resp_0123456789abcdef0123456789abcdef',
    createdAt: 1_700_000_000,
    request: { model: 'test-model', ...request } as ResponsesRequest,
    firstOutputSeq: 1,
    withEncrypted,
  };
}

async function encodeEvents(
  events: ChatStreamEvent[],
  ctx = context(),
  onComplete?: Parameters<typeof responsesStreamEncoder>[0]['onComplete'],
) {
  const source = new ReadableStream<EventBatch>({
    start(controller) {
      for (const event of events) controller.enqueue([event]);
      controller.close();
    },
  });
  return new Response(source.pipeThrough(responsesStreamEncoder({ context: ctx, onComplete, now: () => NOW }))).text();
}

const start: ChatStreamEvent = { type: 'start', id: 'x', model: 'test-model', created: 1 };
const text = (value: string): ChatStreamEvent => ({ type: 'text-delta', choice: 0, text: value });
const finish = (reason: 'stop' | 'tool_calls' | 'length' | 'content_filter'): ChatStreamEvent => ({ type: 'finish', choice: 0, reason });

/** Canonical events that reproduce a recorded OpenAI Responses stream's content. */
function canonicalFromRecording(events: WireEvent[]): ChatStreamEvent[] {
  const out: ChatStreamEvent[] = [start];
  let tool = -1;
  for (const { data } of events) {
    const item = data.item as { type: string; call_id: string; name: string } | undefined;
    if (data.type === 'response.output_text.delta') out.push(text(data.delta as string));
    if (data.type === 'response.output_item.added' && item?.type === 'function_call')
      out.push({ type: 'tool-call-start', choice: 0, index: ++tool, id: item.call_id, name: item.name });
    if (data.type === 'response.function_call_arguments.delta')
      out.push({ type: 'tool-call-delta', choice: 0, index: tool, arguments: data.delta as string });
  }
  out.push(finish(tool >= 0 ? 'tool_calls' : 'stop'), { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } });
  return out;
}

/**
 * What must match a recording: event order and every index, delta and final value. Ids and
 * `obfuscation` aside, and `name` on arguments.done (the spec requires it; the recording predates it).
 */
function shape(events: WireEvent[]): unknown[] {
  return events.map(({ data }) => {
    const {
      sequence_number,
      item_id: _id,
      obfuscation: _o,
      response: _r,
      item,
      logprobs: _l,
      part,
      name: _n,
      ...rest
    } = data as Record<string, unknown>;
    const itemShape = item ? { type: (item as { type: string }).type, status: (item as { status?: string }).status } : undefined;
    const partShape = part ? { type: (part as { type: string }).type, text: (part as { text?: string }).text } : undefined;
    return { sequence_number, ...rest, ...(itemShape ? { item: itemShape } : {}), ...(partShape ? { part: partShape } : {}) };
  });
}

describe('recorded OpenAI Responses streams', () => {
  const recordings = {
    'openai/responses/text-stream.sse': fixture('openai/responses/text-stream.sse'),
    'openai/responses/tool-call-stream.sse': fixture('openai/responses/tool-call-stream.sse'),
    'openai/responses/tool-call-stream-followup.sse': fixture('openai/responses/tool-call-stream-followup.sse'),
    'openai/responses/logprobs-stream.sse': fixture('openai/responses/logprobs-stream.sse'),
    'azure-openai/responses-text-stream': chunksToSse(fixture('azure-openai/responses-text-stream.chunks.jsonl'), { eventFromType: true }),
    'openai/responses/error-stream-insufficient-quota': chunksToSse(
      fixture('openai/responses/error-stream-insufficient-quota.chunks.jsonl'),
      {
        eventFromType: true,
      },
    ),
  };

  for (const [name, sse] of Object.entries(recordings)) {
    it(`${name} passes the grammar checker (the checker agrees with OpenAI)`, () => {
      expect(() => checkResponsesGrammar(parseResponsesSse(sse.replace(/\r\n/g, '\n')))).not.toThrow();
    });
  }

  for (const name of ['text-stream', 'tool-call-stream', 'tool-call-stream-followup']) {
    it(`${name}: the same content encodes to the recorded event sequence`, async () => {
      const recorded = parseResponsesSse(fixture(`openai/responses/${name}.sse`));
      const ours = parseResponsesSse(await encodeEvents(canonicalFromRecording(recorded)));
      checkResponsesGrammar(ours);
      expect(shape(ours)).toEqual(shape(recorded));
    });
  }
});

const gemini: Target = { provider: 'gemini', adapter: 'gemini', model: 'gemini-2.5-flash', baseUrl: '', options: {} };
const providerStreams: [string, string, () => StreamDecoder][] = [
  ['anthropic thinking', fixture('anthropic/thinking-stream.sse'), () => createAnthropicStreamDecoder(() => NOW)],
  ['anthropic tool use', fixture('anthropic/tool-use-stream.sse'), () => createAnthropicStreamDecoder(() => NOW)],
  ['gemini function call (thought signature)', fixture('gemini/function-call-stream.sse'), () => createGeminiStreamDecoder(gemini)],
  ['deepseek reasoning_content', fixture('deepseek/reasoning-stream.sse'), createOpenAIStreamDecoder],
  ['openai chat tool call', fixture('openai/chat/tool-call-stream.sse'), createOpenAIStreamDecoder],
];

async function throughGateway(parts: Uint8Array[], decoder: StreamDecoder, ctx: ResponseContext): Promise<string> {
  const { events } = decodeProviderStream(byteStream(parts), decoder, { provider: 'test', now: () => NOW });
  return new Response(events.pipeThrough(responsesStreamEncoder({ context: ctx, now: () => NOW }))).text();
}

describe('provider streams → Responses stream', () => {
  for (const [name, sse, decoder] of providerStreams) {
    it(
      `${name}: valid grammar, identical bytes under every chunking`,
      async () => {
        const bytes = encoder.encode(sse);
        const ctx = context({}, true);
        const whole = await throughGateway([bytes], decoder(), ctx);
        const response = checkResponsesGrammar(parseResponsesSse(whole));
        expect(response.status).toBe('completed');
        expect(response.usage).not.toBeNull();
        for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
          expect(await throughGateway(parts, decoder(), ctx), chunking).toBe(whole);
        }
      },
      CHUNKING_TIMEOUT_MS,
    );
  }

  it('anthropic thinking: one reasoning item per signed block, summary streamed, signature in encrypted_content', async () => {
    const out = await throughGateway(
      [encoder.encode(fixture('anthropic/thinking-stream.sse'))],
      createAnthropicStreamDecoder(() => NOW),
      context({}, true),
    );
    const response = checkResponsesGrammar(parseResponsesSse(out));
    const reasoning = response.output.filter((item) => item.type === 'reasoning');
    expect(reasoning.length).toBeGreaterThan(0);
    const state = decodeReasoningState(reasoning[0]?.encrypted_content as string);
    expect(state?.blocks?.[0]?.signature).toBeTruthy();
    expect(((reasoning[0]?.summary ?? []) as { text: string }[])[0]?.text).toBe(state?.blocks?.[0]?.thinking);
    expect(response.output.at(-1)?.type).toBe('message');
  });

  it('gemini: the thought signature rides on a reasoning item right before its function_call', async () => {
    const out = await throughGateway(
      [encoder.encode(fixture('gemini/function-call-stream.sse'))],
      createGeminiStreamDecoder(gemini),
      context({}, true),
    );
    const { output } = checkResponsesGrammar(parseResponsesSse(out));
    const callAt = output.findIndex((item) => item.type === 'function_call');
    const carrier = output[callAt - 1];
    expect(carrier?.type).toBe('reasoning');
    const state = decodeReasoningState(carrier?.encrypted_content as string);
    expect(state?.calls?.[output[callAt]?.call_id as string]).toBeTruthy();
  });

  it('encrypted_content is hidden unless asked for', async () => {
    const out = await throughGateway([encoder.encode(fixture('deepseek/reasoning-stream.sse'))], createOpenAIStreamDecoder(), context());
    expect(out).not.toContain('encrypted_content');
    const { output } = checkResponsesGrammar(parseResponsesSse(out));
    expect(output[0]?.type).toBe('reasoning');
    expect(((output[0]?.summary ?? []) as { text: string }[])[0]?.text.length).toBeGreaterThan(0);
  });
});

describe('endings', () => {
  it('an error after the first byte ends with error then response.failed', async () => {
    const error = new GatewayError('upstream', 'The provider stream ended early.', { code: 'upstream_stream_error' });
    const events = parseResponsesSse(await encodeEvents([start, text('Hel'), { type: 'error', error }]));
    checkResponsesGrammar(events);
    expect(events.slice(-2).map((event) => event.data.type)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)?.data).toMatchObject({ code: 'upstream_stream_error', message: error.message, param: null });
    expect(events.at(-1)?.data.response).toMatchObject({ status: 'failed', error: { code: 'upstream_stream_error' } });
  });

  it('max tokens → response.incomplete with incomplete_details', async () => {
    const events = parseResponsesSse(await encodeEvents([start, text('Hi'), finish('length')]));
    const response = checkResponsesGrammar(events);
    expect(events.at(-1)?.data.type).toBe('response.incomplete');
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('a refusal is its own content part', async () => {
    const events = parseResponsesSse(await encodeEvents([start, { type: 'refusal-delta', choice: 0, text: 'No.' }, finish('stop')]));
    const response = checkResponsesGrammar(events);
    expect(response.output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] });
  });

  it('arguments for a call already closed end the stream with an error, never silently', async () => {
    const events = parseResponsesSse(
      await encodeEvents([
        start,
        { type: 'tool-call-start', choice: 0, index: 0, id: 'c0', name: 'a' },
        { type: 'tool-call-start', choice: 0, index: 1, id: 'c1', name: 'b' },
        { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{}' },
      ]),
    );
    expect(events.at(-1)?.data.type).toBe('response.failed');
    expect(events.at(-2)?.data).toMatchObject({ type: 'error', code: 'interleaved_tool_arguments' });
  });

  it('a replayed result (all reasoning text, then its signed blocks) keeps every signature, one item per block', async () => {
    const events = parseResponsesSse(
      await encodeEvents(
        [
          start,
          { type: 'reasoning-delta', choice: 0, text: 'ab' },
          { type: 'reasoning-block', choice: 0, block: { type: 'thinking', thinking: 'a', signature: 's1' } },
          { type: 'reasoning-block', choice: 0, block: { type: 'thinking', thinking: 'b', signature: 's2' } },
          text('Hi'),
          finish('stop'),
        ],
        context({}, true),
      ),
    );
    const { output } = checkResponsesGrammar(events);
    const signatures = output
      .filter((item) => item.type === 'reasoning')
      .map((item) => decodeReasoningState(item.encrypted_content as string)?.blocks?.[0]?.signature);
    expect(signatures).toEqual(['s1', 's2']);
    const done = events.filter((event) => event.data.type === 'response.reasoning_summary_text.done').map((event) => event.data.text);
    expect(output.filter((item) => item.type === 'reasoning').map((item) => (item.summary as { text: string }[])[0]?.text)).toEqual(done);
  });

  it('the store hook runs before the terminal event is written', async () => {
    let seenBeforeStore = '';
    const chunks: string[] = [];
    const source = new ReadableStream<EventBatch>({
      start(controller) {
        controller.enqueue([start, text('Hi'), finish('stop')]);
        controller.close();
      },
    });
    const stream = source.pipeThrough(
      responsesStreamEncoder({
        context: context(),
        now: () => NOW,
        onComplete: async (response) => {
          seenBeforeStore = chunks.join('');
          expect(response.output[0]).toMatchObject({ type: 'message', status: 'completed' });
        },
      }),
    );
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(decoder.decode(value));
    }
    expect(seenBeforeStore).toContain('response.output_item.done');
    expect(seenBeforeStore).not.toContain('response.completed');
    expect(chunks.join('')).toContain('response.completed');
  });
});
