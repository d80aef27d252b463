/**
 * The Anthropic adapter end to end inside workerd: `/v1/chat/completions` with an
 * `anthropic/…` model, against the fake upstream replaying recorded Anthropic traffic.
 */
import { exports } from 'cloudflare:workers';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import { UpstreamError } from '../../src/lib/http/errors';
import { callChat } from '../../src/lib/pipeline/chat-dispatch';
import { fakeUpstreamUrl, gateway, upstreamRequests } from '../support/gateway';

const unique = () => `claude-sonnet-4-5-${crypto.randomUUID().slice(0, 8)}`;

const openai = new OpenAI({
  apiKey: 'sb-test-key-1',
  baseURL: 'https://gateway.test/v1',
  fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  maxRetries: 0,
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'weather',
    description: 'Get weather information for a location',
    parameters: { type: 'object', properties: { location: { type: 'string', description: 'the city' } }, required: ['location'] },
  },
};

type AnthropicBody = {
  model: string;
  max_tokens: number;
  system?: unknown;
  messages: { role: string; content: { type: string; [field: string]: unknown }[] }[];
  tools?: unknown[];
  thinking?: unknown;
  stream?: boolean;
};

async function sentUpstream(model: string) {
  const entries = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
  return entries.map((entry) => ({ ...entry, body: entry.body as unknown as AnthropicBody }));
}

function chat(json: Record<string, unknown>) {
  return gateway('/v1/chat/completions', { method: 'POST', json });
}

async function chunksOf(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  const data = text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice(6));
  expect(data.at(-1)).toBe('[DONE]');
  return data.slice(0, -1).map((line) => JSON.parse(line));
}

type Delta = { content?: string; reasoning_content?: string; thinking_blocks?: unknown[]; tool_calls?: unknown[] };
const deltas = (chunks: Record<string, unknown>[]) =>
  chunks.flatMap((chunk) => (chunk.choices as { delta: Delta; finish_reason: string | null }[]).map((choice) => choice));

describe('Anthropic provider through /v1/chat/completions', () => {
  it('text: OpenAI-shaped answer, usage equal to the upstream, credential and version headers sent', async () => {
    const model = unique();
    const response = await chat({
      model: `anthropic/${model}`,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello, how are you?' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    const body = (await response.json()) as {
      id: string;
      choices: { message: { content: string; role: string }; finish_reason: string }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(body.id).toBe('msg_01VdEjxAP5ahtHKrrRdNBteQ');
    expect(body.choices[0]?.message).toMatchObject({ role: 'assistant', content: expect.stringMatching(/^Hello! I'm doing well/) });
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41 });
    const [sent] = await sentUpstream(model);
    expect(sent?.path).toBe('/anthropic/v1/messages');
    expect(sent?.headers['x-api-key']).toBe('sk-ant-fake');
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body).toEqual({
      model,
      // `claude-sonnet-4-5-…` is a dated id of claude-sonnet-4-5 (the price dataset's rule): its output limit.
      max_tokens: 64_000,
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }],
    });
  });

  it('stream: OpenAI chunks with the text and a final usage chunk equal to the upstream', async () => {
    const model = unique();
    const response = await chat({
      model: `anthropic/${model}`,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Say just hello' }],
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const chunks = await chunksOf(response);
    const choices = deltas(chunks);
    expect(choices.map((choice) => choice.delta.content ?? '').join('')).toBe('Hello');
    expect(choices.at(-1)?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
    expect((await sentUpstream(model))[0]?.body.stream).toBe(true);
  });

  it('tools: a tool call with JSON arguments, finish tool_calls, tools sent in Anthropic form', async () => {
    const model = unique();
    const response = await chat({
      model: `anthropic/${model}`,
      messages: [{ role: 'user', content: "What's the weather in Florence,Italy?" }],
      tools: [weatherTool],
      tool_choice: 'auto',
    });
    const body = (await response.json()) as {
      choices: { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const [call] = body.choices[0]?.message.tool_calls ?? [];
    expect(call?.id).toBe('toolu_01XLb9pzgfLa2EMyqWot6Ezt');
    expect(call?.function.name).toBe('weather');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ location: 'Florence,Italy' });
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
    expect(body.usage).toMatchObject({ prompt_tokens: 394, completion_tokens: 66 });
    const [sent] = await sentUpstream(model);
    expect(sent?.body.tools).toEqual([
      { name: 'weather', description: weatherTool.function.description, input_schema: weatherTool.function.parameters },
    ]);
    expect(sent?.body).toMatchObject({ tool_choice: { type: 'auto' } });
  });

  it('stream + tools through the official openai SDK: indexed tool-call deltas that parse, usage equal to the upstream', async () => {
    const model = unique();
    const stream = await openai.chat.completions.create({
      model: `anthropic/${model}`,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: "What's the weather in Florence,Italy?" }],
      tools: [weatherTool],
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    const calls: { id?: string; name?: string; arguments: string }[] = [];
    for await (const chunk of stream) {
      usage = chunk.usage ?? usage;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        finish = choice.finish_reason ?? finish;
        for (const call of choice.delta.tool_calls ?? []) {
          const slot = calls[call.index] ?? { arguments: '' };
          calls[call.index] = slot;
          slot.id ??= call.id;
          slot.name ??= call.function?.name;
          slot.arguments += call.function?.arguments ?? '';
        }
      }
    }
    expect(text).toBe("I'll get the weather information for Florence, Italy for you.");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: 'toolu_01N2eM4V43kGCDkq2Lw7ChWQ', name: 'weather' });
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({ location: 'Florence,Italy' });
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 394, completion_tokens: 67 });
  });

  it('tool call round trip: call → tool result → final answer; the upstream receives tool_use and tool_result blocks', async () => {
    const model = unique();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Florence,Italy?" }];
    const first = await openai.chat.completions.create({ model: `anthropic/${model}`, messages, tools: [weatherTool] });
    const assistant = first.choices[0]?.message;
    const call = assistant?.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (!assistant || call?.type !== 'function') throw new Error('expected a function tool call');
    messages.push(assistant, { role: 'tool', tool_call_id: call.id, content: '40 C' });

    const final = await openai.chat.completions.create({ model: `anthropic/${model}`, messages, tools: [weatherTool], stream: true });
    let answer = '';
    for await (const chunk of final) answer += chunk.choices[0]?.delta.content ?? '';
    expect(answer).toMatch(/^The current weather in Florence, Italy shows a temperature of 40°C/);

    const sent = await sentUpstream(model);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: "What's the weather in Florence,Italy?" }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: "I'll check the weather in Florence, Italy for you." },
          { type: 'tool_use', id: call.id, name: 'weather', input: { location: 'Florence,Italy' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '40 C' }] },
    ]);
  });

  it('thinking signature round trip: streamed signed thinking comes back as thinking_blocks and reaches Anthropic intact', async () => {
    const model = unique();
    const response = await chat({
      model: `anthropic/${model}`,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Two names for a pet pelican, be brief' }],
    });
    const choices = deltas(await chunksOf(response));
    const reasoning = choices.map((choice) => choice.delta.reasoning_content ?? '').join('');
    expect(reasoning).toMatch(/^The user wants two names/);
    const blocks = choices.flatMap((choice) => choice.delta.thinking_blocks ?? []);
    expect(blocks).toEqual([{ type: 'thinking', thinking: reasoning, signature: expect.stringMatching(/^EuYDCmMIDBgCKkC05Zda4P/) }]);
    const content = choices.map((choice) => choice.delta.content ?? '').join('');

    const next = await chat({
      model: `anthropic/${model}`,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'Two names for a pet pelican, be brief' },
        { role: 'assistant', content, reasoning_content: reasoning, thinking_blocks: blocks },
        { role: 'user', content: 'One more?' },
      ],
    });
    expect(next.status).toBe(200);
    const sent = await sentUpstream(model);
    expect(sent[1]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(sent[1]?.body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: reasoning, signature: (blocks[0] as { signature: string }).signature },
        { type: 'text', text: content },
      ],
    });
  });

  it('thinking + tools (non-stream): the tool loop hands the signed thinking back before the tool_use', async () => {
    const model = unique();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Florence, Italy?" }];
    const first = await chat({ model: `anthropic/${model}`, reasoning_effort: 'low', messages, tools: [weatherTool] });
    const body = (await first.json()) as { choices: { message: Record<string, unknown> & { tool_calls: { id: string }[] } }[] };
    const assistant = body.choices[0]?.message;
    expect(assistant?.thinking_blocks).toEqual([
      { type: 'thinking', thinking: expect.any(String), signature: expect.stringMatching(/^Es8DCkYI/) },
    ]);
    const callId = assistant?.tool_calls[0]?.id;
    await chat({
      model: `anthropic/${model}`,
      reasoning_effort: 'low',
      tools: [weatherTool],
      messages: [...messages, assistant, { role: 'tool', tool_call_id: callId, content: '40 C' }],
    });
    const sent = await sentUpstream(model);
    expect(sent[0]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(sent[1]?.body.messages[1]?.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(sent[1]?.body.messages[1]?.content[0]).toEqual((assistant?.thinking_blocks as unknown[] | undefined)?.[0]);
  });

  it('a bad request parameter is a 400 before anything is sent upstream', async () => {
    const model = unique();
    const response = await chat({ model: `anthropic/${model}`, temperature: 1.5, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('temperature');
    expect(await sentUpstream(model)).toHaveLength(0);
  });
});

describe('Anthropic provider errors through /v1/chat/completions', () => {
  it('429 with retry-after → 429 with retry-after, typed RateLimitError in the SDK', async () => {
    const response = await chat({ model: `anthropic/${unique()}@status=429@retry-after=3`, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    await expect(
      openai.chat.completions.create({ model: `anthropic/${unique()}@status=429`, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('529 overloaded → 503, marked retryable', async () => {
    const response = await chat({ model: `anthropic/${unique()}@status=529`, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBe('true');
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Overloaded/);
  });

  it("the upstream's 401 → 502 that names no key", async () => {
    const response = await chat({ model: `anthropic/${unique()}@status=401`, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toMatch(/rejected the gateway's credentials/);
    expect(text).not.toMatch(/x-api-key|sk-ant/);
  });

  it('a wrong key really sent to the fake upstream → 502 upstream_authentication_failed without the key', async () => {
    const secret = 'sk-ant-wrong-key-0123456789';
    const request = chatRequestSchema.parse({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] });
    const target = {
      provider: 'anthropic',
      adapter: 'anthropic' as const,
      model: unique(),
      baseUrl: `${fakeUpstreamUrl()}/anthropic`,
      apiKey: secret,
      options: {},
    };
    const error = await callChat(request, target).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, upstreamStatus: 401, code: 'upstream_authentication_failed', retryable: false });
    expect(JSON.stringify({ ...(error as UpstreamError), message: (error as UpstreamError).message })).not.toContain(secret);
    const [sent] = await sentUpstream(target.model);
    expect(sent?.headers['x-api-key']).toBe(secret);
  });

  it('an overloaded error mid-stream ends the OpenAI stream with an error chunk and no [DONE]', async () => {
    const response = await chat({
      model: 'anthropic/fixture:errors/overloaded-error-event.issue',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const text = await response.text();
    expect(text).not.toContain('[DONE]');
    expect(text).toMatch(/"type":"server_error"/);
    expect(text).toMatch(/Overloaded/);
  });
});
