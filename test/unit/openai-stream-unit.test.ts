import { describe, expect, it } from 'vitest';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';
import { chunksToSse, fixture } from '../support/fixtures';
import { adversarialChunkings, collect, framingVariants } from '../support/stream-harness';

const encoder = new TextEncoder();

const recorded: Record<string, string> = {
  'openai text + include_usage': fixture('openai/chat/text-stream-include-usage.sse'),
  'openai tool call': fixture('openai/chat/tool-call-stream.sse'),
  'openai reasoning model': fixture('openai/chat/reasoning-model-text-stream.sse'),
  'azure first empty chunk': fixture('azure-openai/chat-text-stream.sse'),
  'deepseek reasoning_content': fixture('deepseek/reasoning-stream.sse'),
  'mistral chunks': chunksToSse(fixture('mistral/text-stream.chunks.jsonl'), { done: true }),
  'xai tool call': chunksToSse(fixture('xai/tool-call-stream.chunks.jsonl'), { done: true }),
};

describe('OpenAI-compatible stream decoding', () => {
  for (const [name, sse] of Object.entries(recorded)) {
    it(`${name}: identical canonical events under every chunking`, async () => {
      const bytes = encoder.encode(sse);
      const whole = await collect([bytes], createOpenAIStreamDecoder());
      expect(whole.outcome.finishReason).toBeDefined();
      expect(whole.events.some((event) => (event as { type: string }).type === 'error')).toBe(false);
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await collect(parts, createOpenAIStreamDecoder());
        expect(split.events, chunking).toEqual(whole.events);
      }
      for (const [variant, text] of Object.entries(framingVariants(sse))) {
        const reframed = await collect([encoder.encode(text)], createOpenAIStreamDecoder());
        expect(reframed.events, variant).toEqual(whole.events);
      }
    });
  }

  it('reassembles tool-call arguments split mid-token and keeps usage', async () => {
    const { events, outcome } = await collect([encoder.encode(fixture('openai/chat/tool-call-stream.sse'))], createOpenAIStreamDecoder());
    const starts = events.filter((event) => (event as { type: string }).type === 'tool-call-start');
    expect(starts).toEqual([expect.objectContaining({ index: 0, id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital' })]);
    const args = events
      .filter((event) => (event as { type: string }).type === 'tool-call-delta')
      .map((event) => (event as { arguments: string }).arguments)
      .join('');
    expect(JSON.parse(args)).toEqual({ country: 'UK' });
    expect(outcome.finishReason).toBe('tool_calls');
    expect(outcome.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('reads DeepSeek reasoning_content as reasoning and usage from the finish chunk', async () => {
    const { events, outcome } = await collect([encoder.encode(fixture('deepseek/reasoning-stream.sse'))], createOpenAIStreamDecoder());
    const reasoning = events.filter((event) => (event as { type: string }).type === 'reasoning-delta');
    const text = events.filter((event) => (event as { type: string }).type === 'text-delta');
    expect(reasoning.length).toBeGreaterThan(0);
    expect(text.length).toBeGreaterThan(0);
    expect(outcome.usage?.reasoningTokens).toBeGreaterThan(0);
  });

  it('ignores the Azure content-filter chunk and takes the id from the first real chunk', async () => {
    const { events } = await collect([encoder.encode(fixture('azure-openai/chat-text-stream.sse'))], createOpenAIStreamDecoder());
    const start = events[0] as { type: string; id: string; model: string };
    expect(start.type).toBe('start');
    expect(start.id).not.toBe('');
    expect(start.model).not.toBe('');
  });

  it('turns a stream that ends without a finish reason into a terminal error', async () => {
    const sse = fixture('openai/chat/tool-call-stream.sse');
    const cut = sse.slice(0, sse.indexOf('"finish_reason":"tool_calls"'));
    const truncated = cut.slice(0, cut.lastIndexOf('\n\n') + 2);
    const { events, outcome } = await collect([encoder.encode(truncated)], createOpenAIStreamDecoder());
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'upstream' });
    expect(outcome.error?.message).toMatch(/without a finish reason/);
  });

  it('turns a malformed chunk into a terminal error and stops decoding', async () => {
    const sse = `data: {"id":"x","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: {not json\n\ndata: {"id":"x","choices":[{"index":0,"delta":{"content":"more"}}]}\n\n`;
    const { events } = await collect([encoder.encode(sse)], createOpenAIStreamDecoder());
    expect(events.map((event) => (event as { type: string }).type)).toEqual(['start', 'text-delta', 'error']);
  });

  it('turns an upstream that dies mid-stream into a terminal error', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(encoder.encode('data: {"id":"x","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n'));
      },
    });
    const { decodeProviderStream } = await import('../../src/lib/streams/stream-pipeline');
    const { events, outcome } = decodeProviderStream(body, createOpenAIStreamDecoder(), { provider: 'openai' });
    const types: string[] = [];
    for await (const batch of events) for (const event of batch) types.push(event.type);
    expect(types).toEqual(['start', 'text-delta', 'error']);
    expect((await outcome).error?.message).toMatch(/broke before it finished/);
  });

  it('keys Mistral whole tool calls without an index and never overwrites names with empty strings', async () => {
    const sse = [
      'data: {"id":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","function":{"name":"one","arguments":"{}"}},{"id":"b","function":{"name":"two","arguments":"{\\"x\\":1}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}',
      'data: [DONE]',
      '',
    ].join('\n\n');
    const { events } = await collect([encoder.encode(sse)], createOpenAIStreamDecoder());
    const starts = events.filter((event) => (event as { type: string }).type === 'tool-call-start');
    expect(starts).toEqual([
      expect.objectContaining({ index: 0, id: 'a', name: 'one' }),
      expect.objectContaining({ index: 1, id: 'b', name: 'two' }),
    ]);
  });
});
