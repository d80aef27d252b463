/**
 * The response cache (KV) and conversation sessions (Durable Objects) end to end under
 * `wrangler dev`, through the official `openai` and `@anthropic-ai/sdk` clients. Each cache
 * test has a key of its own, so its statistics (which say when a fill landed: fills run after
 * the response) and usage are its own.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, inject, it, vi } from 'vitest';
import { createGatewayKey } from './support/admin';
import { tag, upstreamCalls, usageRowsOnce } from './support/gateway-reads';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const KEY = 'sb-dev-key-1';
const OTHER_KEY = 'sb-dev-key-2';
const CACHE_ON = { 'x-switchboard-cache': 'on' };

const openaiFor = (apiKey: string, defaultHeaders: Record<string, string> = {}) =>
  new OpenAI({ apiKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0, defaultHeaders });
const question = (model: string, content = 'Count to three.') => ({ model, messages: [{ role: 'user' as const, content }] });

/** Wait until the key's cache has stored `fills` answers (the fill runs after the response). */
async function filled(apiKey: string, fills: number): Promise<void> {
  await vi.waitUntil(
    async () => {
      const response = await fetch(`${gatewayUrl}/v1/cache/stats`, { headers: { authorization: `Bearer ${apiKey}` } });
      return ((await response.json()) as { fills: number }).fills >= fills;
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe.concurrent('response cache under wrangler dev', () => {
  it('the same request twice: one upstream call, the second a HIT with an identical body, accounted as a hit', async () => {
    const { key } = await createGatewayKey(gatewayUrl, 'e2e-cache-same');
    const client = openaiFor(key, CACHE_ON);
    const model = `gpt-4o-mini-${tag()}`;
    const first = await client.chat.completions.create(question(`openai/${model}`)).asResponse();
    const firstBody = await first.text();
    await filled(key, 1);
    const second = await client.chat.completions.create(question(`openai/${model}`)).asResponse();
    expect(first.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(second.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(second.headers.get('x-switchboard-attempts')).toBe('0');
    expect(await second.text()).toBe(firstBody);
    expect(await upstreamCalls(upstreamUrl, model)).toHaveLength(1);
    const [row] = await usageRowsOnce(gatewayUrl, key, model, 2);
    expect(row).toMatchObject({ requests: 2, cache_hits: 1, cache_hit_rate: 0.5 });
  });

  it('a different parameter and another key both MISS', async () => {
    const { key } = await createGatewayKey(gatewayUrl, 'e2e-cache-miss');
    const model = `gpt-4o-mini-${tag()}`;
    const client = openaiFor(key, CACHE_ON);
    await client.chat.completions.create(question(`openai/${model}`));
    await filled(key, 1);
    const otherParameter = await client.chat.completions.create({ ...question(`openai/${model}`), max_tokens: 50 }).withResponse();
    const otherKey = await openaiFor(OTHER_KEY, CACHE_ON)
      .chat.completions.create(question(`openai/${model}`))
      .withResponse();
    const again = await client.chat.completions.create(question(`openai/${model}`)).withResponse();
    expect(otherParameter.response.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(otherKey.response.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(again.response.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(await upstreamCalls(upstreamUrl, model)).toHaveLength(3);
  });

  it('a HIT for a streaming request replays a stream the openai client reads to the same text', async () => {
    const { key } = await createGatewayKey(gatewayUrl, 'e2e-cache-stream');
    const client = openaiFor(key, CACHE_ON);
    const model = `gpt-4o-mini-${tag()}`;
    const request = question(`openai/${model}`, 'Say something long.');
    const completion = await client.chat.completions.create(request);
    await filled(key, 1);
    const { data: stream, response } = await client.chat.completions
      .create({ ...request, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(response.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(text.length).toBeGreaterThan(100);
    expect(text).toBe(completion.choices[0]?.message.content);
    expect(finish).toBe(completion.choices[0]?.finish_reason);
    // The replay is encoded by the gateway: the same counts (the provider's detail objects are not replayed).
    const counts = (value: unknown) => {
      const { prompt_tokens, completion_tokens, total_tokens } = (value ?? {}) as Record<string, unknown>;
      return { prompt_tokens, completion_tokens, total_tokens };
    };
    expect(counts(usage)).toEqual(counts(completion.usage));
    expect(await upstreamCalls(upstreamUrl, model)).toHaveLength(1);
  });
});

async function createSession(body: Record<string, unknown> = {}, key = KEY): Promise<string> {
  const response = await fetch(`${gatewayUrl}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

interface SessionHistory {
  turns: number;
  messages: { role: string; content: unknown }[];
}

async function history(id: string, key = KEY): Promise<{ status: number; body: SessionHistory }> {
  const response = await fetch(`${gatewayUrl}/v1/sessions/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as SessionHistory };
}

describe.concurrent('conversation sessions under wrangler dev', () => {
  it('keeps a multi-turn conversation over the openai client: the second turn goes upstream with the first', async () => {
    const model = `gpt-4o-mini-${tag()}`;
    const id = await createSession({ system: 'You are terse.' });
    const client = openaiFor(KEY, { 'x-switchboard-session': id });
    const first = await client.chat.completions.create(question(`openai/${model}`, 'My name is Ada.'));
    await client.chat.completions.create(question(`openai/${model}`, 'What is my name?'));
    const sent = await upstreamCalls(upstreamUrl, model);
    expect(sent[1]?.body?.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: first.choices[0]?.message.content },
      { role: 'user', content: 'What is my name?' },
    ]);
    const { body } = await history(id);
    expect(body.turns).toBe(2);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('keeps a multi-turn conversation over @anthropic-ai/sdk (session header in defaultHeaders)', async () => {
    const model = `claude-sonnet-4-5-${tag()}`;
    const id = await createSession({ system: 'You are terse.' });
    const client = new Anthropic({ apiKey: KEY, baseURL: gatewayUrl, maxRetries: 0, defaultHeaders: { 'x-switchboard-session': id } });
    const ask = (content: string) =>
      client.messages.create({ model: `anthropic/${model}`, max_tokens: 200, messages: [{ role: 'user', content }] });
    const first = await ask('My name is Ada.');
    const second = await ask('What is my name?');
    expect(second.stop_reason).toBe('end_turn');
    const firstText = first.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(firstText.length).toBeGreaterThan(0);
    const sent = await upstreamCalls(upstreamUrl, model);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body?.system).toEqual([{ type: 'text', text: 'You are terse.' }]);
    expect(sent[1]?.body?.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'My name is Ada.' }] },
      { role: 'assistant', content: [{ type: 'text', text: firstText }] },
      // The client's own message goes as it wrote it (the same-dialect lane); the history is the gateway's.
      { role: 'user', content: 'What is my name?' },
    ]);
    const { body } = await history(id);
    expect(body.turns).toBe(2);
    expect(body.messages[1]).toEqual({ role: 'assistant', content: firstText });
  });

  it('two concurrent requests on one session both land', async () => {
    const id = await createSession();
    const client = openaiFor(KEY, { 'x-switchboard-session': id });
    await Promise.all(
      ['first', 'second'].map((content) => client.chat.completions.create(question(`openai/gpt-4o-mini-${tag()}`, content))),
    );
    const { body } = await history(id);
    expect(body.turns).toBe(2);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(body.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual(
      expect.arrayContaining(['first', 'second']),
    );
  });

  it('another key gets 404 for the session, over the API and from both SDKs', async () => {
    const model = `gpt-4o-mini-${tag()}`;
    const id = await createSession();
    expect((await history(id, OTHER_KEY)).status).toBe(404);
    const viaOpenAI = await openaiFor(OTHER_KEY, { 'x-switchboard-session': id })
      .chat.completions.create(question(`openai/${model}`))
      .catch((caught: unknown) => caught);
    expect(viaOpenAI).toBeInstanceOf(OpenAI.NotFoundError);
    expect((viaOpenAI as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ code: 'session_not_found' });
    const anthropic = new Anthropic({
      apiKey: OTHER_KEY,
      baseURL: gatewayUrl,
      maxRetries: 0,
      defaultHeaders: { 'x-switchboard-session': id },
    });
    const viaAnthropic = await anthropic.messages
      .create({ model: `openai/${model}`, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(viaAnthropic).toBeInstanceOf(Anthropic.NotFoundError);
    expect(await upstreamCalls(upstreamUrl, model)).toEqual([]);
    expect((await history(id)).status).toBe(200);
  });
});
