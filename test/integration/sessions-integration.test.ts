import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, OTHER_KEY, upstreamRequests } from '../support/gateway';
import { type SettledWorker, settledWorker } from '../support/worker-context';

const unique = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;

type SentMessage = { role: string; content: string } & Record<string, unknown>;

async function sentMessages(model: string): Promise<SentMessage[][]> {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model).map((entry) => entry.body.messages as SentMessage[]);
}

function call(worker: SettledWorker, method: string, path: string, options: { json?: unknown; key?: string } = {}) {
  return worker.fetch(`https://gateway.test${path}`, {
    method,
    headers: { authorization: `Bearer ${options.key ?? GATEWAY_KEY}`, 'content-type': 'application/json' },
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
}

async function createSession(worker: SettledWorker, body: Record<string, unknown> = {}, key = GATEWAY_KEY): Promise<string> {
  const response = await call(worker, 'POST', '/v1/sessions', { json: body, key });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function history(worker: SettledWorker, id: string, key = GATEWAY_KEY) {
  const response = await call(worker, 'GET', `/v1/sessions/${id}`, { key });
  return {
    status: response.status,
    body: (await response.json()) as { messages: Record<string, unknown>[]; turns: number; pruned_messages: number },
  };
}

describe('conversation sessions', () => {
  it('keeps a multi-turn conversation: history goes upstream, both turns are stored', async () => {
    const worker = settledWorker();
    const model = unique();
    const id = await createSession(worker, { system: 'You are terse.', model: `openai/${model}`, metadata: { app: 'test' } });
    const client = worker.openai({ headers: { 'x-switchboard-session': id } });
    const first = await client.chat.completions.create({
      model: `openai/${model}`,
      messages: [{ role: 'user', content: 'My name is Ada.' }],
    });
    await client.chat.completions.create({ model: `openai/${model}`, messages: [{ role: 'user', content: 'What is my name?' }] });
    const reply = first.choices[0]?.message.content;
    const sent = await sentMessages(model);
    expect(sent[1]).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: reply },
      { role: 'user', content: 'What is my name?' },
    ]);
    const { body } = await history(worker, id);
    expect(body.turns).toBe(2);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(body).toMatchObject({ system: 'You are terse.', metadata: { app: 'test' }, model: `openai/${model}` });
  });

  it('appends a streamed reply before the stream ends', async () => {
    const worker = settledWorker();
    const id = await createSession(worker);
    const client = worker.openai({ headers: { 'x-switchboard-session': id } });
    const stream = await client.chat.completions.create({
      model: `openai/${unique()}`,
      stream: true,
      messages: [{ role: 'user', content: 'Tell me a story.' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const { body } = await history(worker, id);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Tell me a story.' },
      { role: 'assistant', content: text },
    ]);
  });

  it('stores a tool call turn and its tool result, and sends them back upstream', async () => {
    const worker = settledWorker();
    const model = unique();
    const id = await createSession(worker);
    const client = worker.openai({ headers: { 'x-switchboard-session': id } });
    const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: {} } } }];
    const first = await client.chat.completions.create({
      model: `openai/${model}`,
      tools,
      messages: [{ role: 'user', content: 'Weather in Florence?' }],
    });
    const toolCall = first.choices[0]?.message.tool_calls?.[0];
    expect(toolCall?.id).toBeTruthy();
    const toolResult = { role: 'tool' as const, tool_call_id: toolCall!.id, content: '{"temperature":40}' };
    const second = await client.chat.completions.create({ model: `openai/${model}`, tools, messages: [toolResult] });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    const sent = await sentMessages(model);
    expect(sent[1]?.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent[1]?.[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: toolCall!.id, function: { name: 'weather' } }] });
    const { body } = await history(worker, id);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(body.messages[2]).toEqual(toolResult);
  });

  it('lands two concurrent turns on one session', async () => {
    const worker = settledWorker();
    const id = await createSession(worker);
    const client = worker.openai({ headers: { 'x-switchboard-session': id } });
    await Promise.all(
      ['first', 'second'].map((content) =>
        client.chat.completions.create({ model: `openai/${unique()}`, messages: [{ role: 'user', content }] }),
      ),
    );
    const { body } = await history(worker, id);
    expect(body.turns).toBe(2);
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(body.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual(
      expect.arrayContaining(['first', 'second']),
    );
  });

  it('belongs to the key that created it: any other key gets 404', async () => {
    const worker = settledWorker();
    const id = await createSession(worker);
    expect((await history(worker, id, OTHER_KEY)).status).toBe(404);
    const chat = await worker.post(
      '/v1/chat/completions',
      { model: `openai/${unique()}`, messages: [{ role: 'user', content: 'hi' }] },
      { key: OTHER_KEY, headers: { 'x-switchboard-session': id } },
    );
    expect(chat.status).toBe(404);
    expect(await chat.json()).toMatchObject({ error: { code: 'session_not_found' } });
    expect((await call(worker, 'DELETE', `/v1/sessions/${id}`, { key: OTHER_KEY })).status).toBe(404);
    const listed = (await (await call(worker, 'GET', '/v1/sessions', { key: OTHER_KEY })).json()) as { data: { id: string }[] };
    expect(listed.data.map((session) => session.id)).not.toContain(id);
    expect((await history(worker, id)).status).toBe(200);
  });

  it('prunes the oldest turns past its message budget', async () => {
    const worker = settledWorker();
    const model = unique();
    const id = await createSession(worker, { system: 'Be brief.', max_messages: 4 });
    const client = worker.openai({ headers: { 'x-switchboard-session': id } });
    for (const content of ['one', 'two', 'three']) {
      await client.chat.completions.create({ model: `openai/${model}`, messages: [{ role: 'user', content }] });
    }
    const { body } = await history(worker, id);
    expect(body.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual(['two', 'three']);
    expect(body.pruned_messages).toBe(2);
    const sent = await sentMessages(model);
    // The third turn went upstream with the system prompt and the two turns kept after the second.
    expect(sent[2]?.map((message) => message.content).slice(0, 2)).toEqual(['Be brief.', 'one']);
  });

  it('lists, deletes and expires sessions with the object alarm', async () => {
    const worker = settledWorker();
    const [kept, deleted, expiring] = [
      await createSession(worker),
      await createSession(worker),
      await createSession(worker, { ttl_seconds: 60 }),
    ];
    const ids = async () =>
      ((await (await call(worker, 'GET', '/v1/sessions')).json()) as { data: { id: string }[] }).data.map((s) => s.id);
    expect(await ids()).toEqual(expect.arrayContaining([kept, deleted, expiring]));
    expect((await call(worker, 'DELETE', `/v1/sessions/${deleted}`)).status).toBe(200);
    expect((await history(worker, deleted)).status).toBe(404);
    expect(await runDurableObjectAlarm(env.SESSIONS.get(env.SESSIONS.idFromName(expiring)))).toBe(true);
    expect((await history(worker, expiring)).status).toBe(404);
    const after = await ids();
    expect(after).toContain(kept);
    expect(after).not.toContain(deleted);
    expect(after).not.toContain(expiring);
  });

  it('answers 404 for an unknown session id and 400 for a bad body', async () => {
    const worker = settledWorker();
    const chat = await worker.post(
      '/v1/chat/completions',
      { model: `openai/${unique()}`, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-switchboard-session': 'sess_nope' } },
    );
    expect(chat.status).toBe(404);
    expect((await call(worker, 'POST', '/v1/sessions', { json: { ttl_seconds: 5 } })).status).toBe(400);
    expect((await call(worker, 'POST', '/v1/sessions', { json: { system: 'a', template: { name: 'b' } } })).status).toBe(400);
  });
});

describe('prompt templates', () => {
  const template = 'You support {{customer}} with {{product}}.';

  it('renders at session creation and refuses missing or unknown variables', async () => {
    const worker = settledWorker();
    expect((await call(worker, 'PUT', '/v1/templates/support', { json: { template } })).status).toBe(200);
    const id = await createSession(worker, { template: { name: 'support', variables: { customer: 'Ada', product: 'tea' } } });
    expect((await history(worker, id)).body).toMatchObject({ system: 'You support Ada with tea.' });
    const missing = await call(worker, 'POST', '/v1/sessions', { json: { template: { name: 'support', variables: { customer: 'Ada' } } } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'template_variable_missing' } });
    const unknown = await call(worker, 'POST', '/v1/sessions', {
      json: { template: { name: 'support', variables: { customer: 'Ada', product: 'tea', mood: 'x' } } },
    });
    expect(await unknown.json()).toMatchObject({ error: { code: 'template_variable_unknown' } });
    expect((await call(worker, 'POST', '/v1/sessions', { json: { template: { name: 'absent' } } })).status).toBe(404);
  });

  it('renders per request from headers, per key', async () => {
    const worker = settledWorker();
    const model = unique();
    await call(worker, 'PUT', '/v1/templates/per-request', { json: { template } });
    const headers = { 'x-switchboard-template': 'per-request', 'x-switchboard-template-variables': '{"customer":"Bo","product":"jam"}' };
    const ok = await worker.post(
      '/v1/chat/completions',
      { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }] },
      { headers },
    );
    expect(ok.status).toBe(200);
    expect((await sentMessages(model))[0]?.[0]).toEqual({ role: 'system', content: 'You support Bo with jam.' });
    const otherKey = await worker.post(
      '/v1/chat/completions',
      { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }] },
      { headers, key: OTHER_KEY },
    );
    expect(otherKey.status).toBe(404);
    const badJson = await worker.post(
      '/v1/chat/completions',
      { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { ...headers, 'x-switchboard-template-variables': '{nope' } },
    );
    expect(badJson.status).toBe(400);
  });

  it('are stored, listed and deleted per key; malformed placeholders are refused', async () => {
    const worker = settledWorker();
    await call(worker, 'PUT', '/v1/templates/listed', { json: { template } });
    const read = (await (await call(worker, 'GET', '/v1/templates/listed')).json()) as { variables: string[] };
    expect(read.variables).toEqual(['customer', 'product']);
    expect((await call(worker, 'GET', '/v1/templates/listed', { key: OTHER_KEY })).status).toBe(404);
    expect((await call(worker, 'PUT', '/v1/templates/broken', { json: { template: 'Hi {{ two words }}' } })).status).toBe(400);
    expect((await call(worker, 'PUT', '/v1/templates/bad%20name', { json: { template } })).status).toBe(400);
    expect((await call(worker, 'DELETE', '/v1/templates/listed')).status).toBe(200);
    expect((await call(worker, 'GET', '/v1/templates/listed')).status).toBe(404);
  });
});
