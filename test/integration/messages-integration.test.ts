/**
 * `/v1/messages` end to end inside workerd, driven by the official `@anthropic-ai/sdk` client,
 * with the OpenAI provider behind it answering from the fake upstream's recorded traffic.
 */

import { exports } from 'cloudflare:workers';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures';
import { GATEWAY_KEY, gateway, type LoggedRequest, upstreamRequests } from '../support/gateway';

const client = (apiKey = GATEWAY_KEY) =>
  new Anthropic({
    apiKey,
    baseURL: 'https://gateway.test',
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
    maxRetries: 0,
  });
const anthropic = client();

const unique = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;

interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** The one request the fake upstream logged for this model, and the recorded usage it answered with. */
async function sentUpstream(model: string): Promise<LoggedRequest & { fixture: string }> {
  const entries = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
  expect(entries).toHaveLength(1);
  return entries[0] as LoggedRequest & { fixture: string };
}

function recordedUsage(entry: { fixture: string }, stream: boolean): OpenAIUsage {
  if (!stream) return (JSON.parse(fixture(`${entry.fixture}.json`)) as { usage: OpenAIUsage }).usage;
  const chunks = fixture(`${entry.fixture}.sse`)
    .split('\n\n')
    .map((block) => block.replace(/^data: /, ''))
    .filter((data) => data.startsWith('{'))
    .map((data) => JSON.parse(data) as { usage?: OpenAIUsage | null });
  const usage = chunks.findLast((chunk) => chunk.usage)?.usage;
  if (!usage) throw new Error(`no usage in ${entry.fixture}`);
  return usage;
}

const weatherTool = {
  name: 'weather',
  description: 'Current weather for a location',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('POST /v1/messages with the Anthropic SDK, OpenAI behind it', () => {
  it('messages.create: text, end_turn, usage equal to the upstream', async () => {
    const model = unique();
    const message = await anthropic.messages.create({
      model: `openai/${model}`,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Hi!' }],
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.type).toBe('message');
    expect(message.content).toHaveLength(1);
    expect(message.content[0]?.type).toBe('text');
    expect(message.stop_reason).toBe('end_turn');
    const entry = await sentUpstream(model);
    const usage = recordedUsage(entry, false);
    expect(message.usage).toMatchObject({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens });
    expect(entry.body).toMatchObject({ messages: [{ role: 'user', content: 'Hi!' }], max_tokens: 200 });
  });

  it('translates system, stop_sequences, sampling, metadata, tools and tool_choice into the upstream request', async () => {
    const model = unique();
    // `temperature` is not in this SDK version's types; older SDKs and raw clients still send it.
    const params = {
      model: `openai/${model}`,
      max_tokens: 64,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      stop_sequences: ['END'],
      temperature: 0.2,
      metadata: { user_id: 'user-7' },
      tools: [weatherTool],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
      ],
    } as Anthropic.MessageCreateParamsNonStreaming;
    await anthropic.messages.create(params);
    const { body } = await sentUpstream(model);
    expect(body).toMatchObject({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
      stop: ['END'],
      temperature: 0.2,
      user: 'user-7',
      tools: [{ type: 'function', function: { name: 'weather', parameters: weatherTool.input_schema } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
  });

  it('messages.stream: text events add up to the final message, usage equal to the upstream', async () => {
    const model = unique();
    const stream = anthropic.messages.stream({
      model: `openai/${model}`,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Count.' }],
    });
    let streamed = '';
    stream.on('text', (delta) => {
      streamed += delta;
    });
    const message = await stream.finalMessage();
    const block = message.content[0];
    expect(block?.type === 'text' && block.text).toBe(streamed);
    expect(streamed.length).toBeGreaterThan(0);
    expect(message.stop_reason).toBe('end_turn');
    const usage = recordedUsage(await sentUpstream(model), true);
    expect(message.usage).toMatchObject({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens });
  });

  it('messages.create with tools: a tool_use block with parsed input', async () => {
    const message = await anthropic.messages.create({
      model: `openai/${unique()}`,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Florence?' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_IUonKM9GCNis5eMRHuusMqoy', name: 'weather', input: { location: 'Florence, Italy' } },
    ]);
  });

  it('messages.stream with tools: the SDK accumulates the streamed input', async () => {
    const stream = anthropic.messages.stream({
      model: `openai/${unique()}`,
      max_tokens: 200,
      tools: [{ name: 'get_capital', input_schema: { type: 'object', properties: { country: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Capital of the UK?' }],
    });
    let json = '';
    stream.on('inputJson', (partial) => {
      json += partial;
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'tool_use', id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital' }),
    ]);
    const block = message.content[0];
    expect(block?.type === 'tool_use' && block.input).toEqual({ country: 'UK' });
    expect(JSON.parse(json)).toEqual({ country: 'UK' });
  });

  it('messages.stream with two parallel tool calls: two tool_use blocks, indexes 0 and 1, inputs intact', async () => {
    const numbers = { type: 'object' as const, properties: { a: { type: 'number' }, b: { type: 'number' } } };
    const stream = anthropic.messages.stream({
      model: 'openai/fixture:chat/parallel-tool-calls',
      max_tokens: 200,
      tools: [
        { name: 'add', input_schema: numbers },
        { name: 'multiply', input_schema: numbers },
      ],
      messages: [{ role: 'user', content: '2+3 and 2*3?' }],
    });
    const starts: number[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start') starts.push(event.index);
    });
    const message = await stream.finalMessage();
    expect(starts).toEqual([0, 1]);
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'tool_use', id: 'call_fifE5poZ3dg3JDUKGFi48NGq', name: 'add', input: { a: 2, b: 3 } }),
      expect.objectContaining({ type: 'tool_use', id: 'call_cvvIly4eGLZUYOMhAviT8jAF', name: 'multiply', input: { a: 2, b: 3 } }),
    ]);
  });

  it('tool round trip: tool_result goes upstream as a tool message with the right tool_call_id', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Florence?' };
    const first = await anthropic.messages.create({
      model: `openai/${unique()}`,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [question],
    });
    const call = first.content.find((block) => block.type === 'tool_use');
    if (call?.type !== 'tool_use') throw new Error('expected a tool_use block');
    const model = unique();
    const final = await anthropic.messages.create({
      model: `openai/${model}`,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '40°C, sunny' }] },
      ],
    });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.content).toEqual([{ type: 'text', text: 'The weather in Florence, Italy is currently 40°C.' }]);
    const { body } = await sentUpstream(model);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Florence?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: call.id, type: 'function', function: { name: 'weather', arguments: '{"location":"Florence, Italy"}' } }],
      },
      { role: 'tool', tool_call_id: call.id, content: '40°C, sunny' },
    ]);
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('answers the SDK with an estimate, marked as one, where the provider cannot count (more: count-tokens-integration)', async () => {
    const model = unique('deepseek-chat');
    const counted = await anthropic.messages.countTokens({
      model: `deepseek/${model}`,
      messages: [{ role: 'user', content: 'x'.repeat(40) }],
    });
    expect(counted).toMatchObject({ input_tokens: 13, estimated: true, counted_by: 'estimate' });
    expect((await upstreamRequests()).filter((entry) => entry.body?.model === model)).toEqual([]);
  });
});

describe('POST /v1/messages errors, typed by the Anthropic SDK', () => {
  it('bad input → BadRequestError with invalid_request_error', async () => {
    const request = { model: 'openai/gpt-4o-mini', max_tokens: 10, temperature: 1.5, messages: [{ role: 'user' as const, content: 'x' }] };
    const error = await anthropic.messages.create(request).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('temperature') },
    });
  });

  it('an unknown field, strict → 400 in Anthropic shape and wording, with the request id', async () => {
    const response = await gateway('/v1/messages', {
      method: 'POST',
      json: { model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], n: 2 },
      headers: { 'x-switchboard-strict': 'true' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'n: Extra inputs are not permitted' } });
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('wrong key → AuthenticationError', async () => {
    const error = await client('sb-wrong-key')
      .messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('upstream 429 → RateLimitError with retry-after', async () => {
    const error = await anthropic.messages
      .create({ model: `openai/${unique()}@status=429@retry-after=2`, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('2');
  });

  it('a model the provider does not know (upstream 404) → NotFoundError', async () => {
    const error = await anthropic.messages
      .create({ model: `nope/${unique()}@status=404`, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('a provider that is known but not configured → BadRequestError that says so', async () => {
    const error = await anthropic.messages
      .create({ model: 'together/llama-3-8b', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/not configured/);
  });

  it('a stream the upstream drops → the SDK raises, not a silent truncation', async () => {
    const stream = anthropic.messages.stream({
      model: `openai/${unique()}@drop-after=3`,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Count.' }],
    });
    const error = await stream.finalMessage().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('a dropped stream on the wire: event error last, no message_stop', async () => {
    const response = await gateway('/v1/messages', {
      method: 'POST',
      json: { model: `openai/${unique()}@drop-after=3`, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] },
    });
    const text = await response.text();
    expect(text).not.toContain('message_stop');
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
  });
});
