/**
 * End to end: the Responses API through Switchboard under `wrangler dev` (real workerd, local
 * bindings) to the fake upstream replaying recorded traffic, with the clients people use:
 * the official `openai` SDK (`responses.*`), the Vercel AI SDK's default `openai(modelId)`
 * provider (Responses API) and the OpenAI Agents SDK in its default mode. To an openai target the
 * request takes the same-dialect lane: the SDK's body reaches the upstream as written.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { Agent, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import { tool as aiTool, generateText, jsonSchema, stepCountIs, streamText } from 'ai';
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';
import * as z from 'zod';

const baseURL = `${inject('gatewayUrl')}/v1`;
const upstreamUrl = inject('e2eUpstreamUrl');
const client = new OpenAI({ apiKey: 'sb-dev-key-1', baseURL, maxRetries: 0 });
const otherKey = new OpenAI({ apiKey: 'sb-dev-key-2', baseURL, maxRetries: 0 });
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  strict: false,
};

/** Finished: completed, or incomplete at the token limit (DeepSeek's recorded text stops at `length`). */
function expectFinished(response: { status?: string | null; incomplete_details?: { reason?: string } | null }) {
  if (response.status === 'incomplete') expect(response.incomplete_details?.reason).toBe('max_output_tokens');
  else expect(response.status).toBe('completed');
}

/** The fake upstream's log entries whose raw body carries `tag`. */
async function sentWith(tag: string): Promise<{ path: string; rawBody?: string; body?: Record<string, unknown> }[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as {
    path: string;
    rawBody?: string;
    body?: Record<string, unknown>;
  }[];
  return log.filter((entry) => entry.rawBody?.includes(tag));
}

const targets = [
  ['anthropic', 'claude-sonnet-4-5'],
  ['gemini', 'gemini-2.5-flash'],
  ['deepseek', 'deepseek-chat'],
  ['openai', 'gpt-4o-mini'],
] as const;

describe.each(targets)('openai SDK responses.* → %s', (provider, base) => {
  const model = () => `${provider}/${unique(base)}`;

  it('create (non-stream), retrieve, inputItems.list, delete; another key gets 404', async () => {
    const response = await client.responses.create({ model: model(), instructions: 'Be brief', input: 'Say hi' });
    expectFinished(response);
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBeGreaterThan(0);
    const retrieved = await client.responses.retrieve(response.id);
    expect(retrieved.output_text).toBe(response.output_text);
    const items = await client.responses.inputItems.list(response.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ type: 'message', role: 'user' });
    await expect(otherKey.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
    await client.responses.delete(response.id);
    await expect(client.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
  });

  it('create (stream: true) and the responses.stream() helper', async () => {
    const raw = await client.responses.create({ model: model(), input: 'Say hi', stream: true });
    const types: string[] = [];
    let sequence = -1;
    for await (const event of raw) {
      types.push(event.type);
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
    }
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.output_text.delta');

    const final = await client.responses.stream({ model: model(), input: 'Say hi' }).finalResponse();
    expect(final.output_text.length).toBeGreaterThan(0);
  });

  it('a function tool loop with previous_response_id', async () => {
    const name = model();
    const first = await client.responses.create({ model: name, input: 'Weather in Florence?', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');
    const second = await client.responses.create({
      model: name,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature":21}' }],
      tools: [weather],
    });
    expectFinished(second);
    expect(second.output_text.length).toBeGreaterThan(0);
  });

  it('text.format json_schema is accepted', async () => {
    const tag = unique('schema');
    const format = { type: 'json_schema' as const, name: 'greeting', schema: { type: 'object', properties: { text: { type: 'string' } } } };
    const response = await client.responses.create({ model: model(), input: `Say hi ${tag}`, text: { format } });
    expectFinished(response);
    if (provider === 'openai') {
      // The same-dialect lane: OpenAI's own answer (the fake replays a recording, whose echo is its own);
      // what counts is that the format reached it as written.
      const [sent] = await sentWith(tag);
      expect(sent?.body?.text).toEqual({ format });
    } else expect(response.text?.format?.type).toBe('json_schema');
  });
});

describe('openai SDK → openai: the same-dialect lane', () => {
  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'non-stream'}: the upstream receives the SDK's body with the client's unknown field untouched; the answer is OpenAI's`, async () => {
      const tag = unique('lane');
      const model = unique('gpt-4o-mini');
      const future = { tag, nested: [1, 2.5, { deep: null }], text: 'é ✓' };
      // A field the SDK's types do not know yet: sent as given, as a newer SDK would.
      const params = { model: `openai/${model}`, input: `Say hi ${tag}`, store: false, a_field_from_the_future: future };
      let output: string;
      let id: string;
      if (stream) {
        const events: string[] = [];
        const response = await client.responses.create({ ...params, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming);
        let final: OpenAI.Responses.Response | undefined;
        for await (const event of response) {
          events.push(event.type);
          if (event.type === 'response.completed') final = event.response;
        }
        expect(events[0]).toBe('response.created');
        expect(events.at(-1)).toBe('response.completed');
        // Raw events carry the plain response object (no `output_text` helper): read the message.
        output = (final?.output ?? [])
          .flatMap((item) => (item.type === 'message' ? item.content : []))
          .map((part) => (part.type === 'output_text' ? part.text : ''))
          .join('');
        id = final?.id ?? '';
      } else {
        const response = await client.responses.create(params as OpenAI.Responses.ResponseCreateParamsNonStreaming);
        output = response.output_text;
        id = response.id;
      }
      expect(output.length).toBeGreaterThan(0);
      // OpenAI's own id (the fake's), not one the gateway minted: the bytes are the provider's.
      expect(id).toMatch(/^resp_[0-9a-f]{33,}$/);
      const [sent, ...more] = await sentWith(tag);
      expect(more).toHaveLength(0);
      expect(sent?.path).toBe('/openai/v1/responses');
      expect(sent?.body?.a_field_from_the_future).toEqual(future);
      expect(sent?.body?.model).toBe(model);
      // Only `model` changed: the SDK's own serialisation, spliced.
      expect(sent?.rawBody).toBe(JSON.stringify({ ...params, ...(stream ? { stream: true } : {}), model }));
    });
  }
});

describe('Vercel AI SDK default openai(modelId) provider (Responses API)', () => {
  const openai = createOpenAI({ apiKey: 'sb-dev-key-1', baseURL });

  it('generateText with a tool loop, through Anthropic', async () => {
    const result = await generateText({
      model: openai(`anthropic/${unique('claude-sonnet-4-5')}`),
      prompt: 'Weather in Florence?',
      tools: {
        weather: aiTool({
          description: 'Current weather for a location',
          inputSchema: jsonSchema<{ location: string }>({
            type: 'object',
            properties: { location: { type: 'string' } },
            required: ['location'],
          }),
          execute: async ({ location }) => ({ location, temperature: 21 }),
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.steps.length).toBeGreaterThanOrEqual(2);
    expect(result.steps[0]?.toolCalls[0]?.toolName).toBe('weather');
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('streamText through Gemini', async () => {
    const result = streamText({ model: openai(`gemini/${unique('gemini-2.5-flash')}`), prompt: 'Say hi' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text.length).toBeGreaterThan(0);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });
});

describe('OpenAI Agents SDK, default mode (Responses API)', () => {
  it('runs an agent with a function tool through Anthropic', async () => {
    setDefaultOpenAIClient(client as never);
    setOpenAIAPI('responses');
    setTracingDisabled(true);
    let called = 0;
    const getWeather = tool({
      name: 'weather',
      description: 'Current weather for a location',
      parameters: z.object({ location: z.string() }),
      execute: async ({ location }) => {
        called += 1;
        return `${location}: 21 degrees`;
      },
    });
    const agent = new Agent({
      name: 'Weather agent',
      instructions: 'Answer with the weather tool.',
      model: `anthropic/${unique('claude-sonnet-4-5')}`,
      tools: [getWeather],
    });
    const result = await run(agent, 'Weather in Florence?');
    expect(called).toBe(1);
    expect(String(result.finalOutput).length).toBeGreaterThan(0);
  });
});
