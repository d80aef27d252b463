/**
 * `/v1/responses` on the same-dialect lane (src/surfaces/responses/forward.ts): to a target that
 * serves the Responses API itself (OpenAI, Azure), the client's body goes as written (model
 * aside) and the provider's bytes come back, JSON and stream, decoded alongside for usage, the
 * archive and the gateway's store; any other target (a fallback to Anthropic) is translated as
 * before. Stored lane responses keep the provider's id; `previous_response_id` goes through to
 * the upstream that holds the previous response and is rebuilt from the store for any other.
 * The fake upstream replays recorded Responses traffic (fresh ids per answer, unless
 * `@recorded-ids`), and logs each request's raw body.
 */
import { env } from 'cloudflare:workers';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, keyIdOf, rawArchiveText } from '../support/accounting';
import { fixtureJson } from '../support/fixtures';
import { fakeUpstreamUrl, GATEWAY_KEY, gateway, type LoggedRequest, OTHER_KEY, upstreamRequests } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';
import { parseResponsesSse } from '../support/responses-grammar';
import { callWorker, envWith } from '../support/worker';

const openai = openaiClient();
const marker = () => `rl-${crypto.randomUUID().slice(0, 8)}`;
const OPENAI_AUTH = { authorization: 'Bearer sk-fake-openai' };

async function sentUpstream(mark: string): Promise<LoggedRequest[]> {
  return (await upstreamRequests()).filter((request) => request.rawBody?.includes(mark));
}

/** Ask the fake upstream directly: the bytes a client of OpenAI itself would get. */
async function direct(path: string, body: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${fakeUpstreamUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return response.text();
}

/** A body as a client writes it: its own spacing and key order, fields the gateway does not read. */
function clientBody(mark: string, model: string, stream: boolean): string {
  return `{
  "model": ${JSON.stringify(model)},
  "input": [{"role": "user", "content": [{"type": "input_text", "text": "Say hi ${mark} \\u00e9 1.50"}]}],
  "stream": ${stream},
  "store": false,
  "tools": [{"type": "web_search", "search_context_size": "low"}],
  "include": ["reasoning.encrypted_content"],
  "client_metadata": {"originator": "a client"},
  "a_field_from_the_future": [1, 2.0, {"nested": null}]
}`;
}

async function post(body: string, init: { key?: string; headers?: Record<string, string>; env?: Env } = {}) {
  const call = await callWorker('/v1/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body,
    ...(init.key ? { key: init.key } : {}),
    ...(init.env ? { env: init.env } : {}),
  });
  const text = await call.response.text();
  await call.settled();
  return { status: call.response.status, headers: call.response.headers, text };
}

describe('/v1/responses → an OpenAI Responses upstream: the same-dialect lane', () => {
  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'non-stream'}: the client's body arrives as written but for the model; the client gets the provider's bytes`, async () => {
      const mark = marker();
      const body = clientBody(mark, 'openai/gpt-4o@recorded-ids', stream);
      const answer = await post(body, { headers: { 'openai-beta': 'responses=experimental' } });
      expect(answer.status).toBe(200);
      const [sent, ...more] = await sentUpstream(mark);
      expect(more).toEqual([]);
      expect(sent?.path).toBe('/openai/v1/responses');
      const expected = body.replace('"openai/gpt-4o@recorded-ids"', '"gpt-4o@recorded-ids"');
      expect(sent?.rawBody).toBe(expected);
      expect(sent?.headers['openai-beta']).toBe('responses=experimental');
      // The gateway's credential, never the caller's.
      expect(sent?.headers.authorization).toBe('Bearer sk-fake-openai');
      expect(answer.text).toBe(await direct('/openai/v1/responses', expected, OPENAI_AUTH));
      expect(answer.headers.get('x-switchboard-provider')).toBe('openai');
      expect(answer.headers.get('x-switchboard-dropped-params')).toBeNull();
      if (stream) expect(answer.headers.get('content-type')).toContain('text/event-stream');
    });
  }

  it('Azure: the deployment as model on its Responses URL, the bytes back as sent', async () => {
    const mark = marker();
    const body = clientBody(mark, 'azure/prod-gpt4o@recorded-ids', true);
    const answer = await post(body);
    expect(answer.status).toBe(200);
    const [sent] = await sentUpstream(mark);
    expect(sent?.path).toBe('/azure/openai/v1/responses');
    expect(sent?.headers['api-key']).toBe('fake-azure-key');
    const expected = body.replace('"azure/prod-gpt4o@recorded-ids"', '"prod-gpt4o@recorded-ids"');
    expect(sent?.rawBody).toBe(expected);
    expect(answer.text).toBe(await direct('/azure/openai/v1/responses', expected, { 'api-key': 'fake-azure-key' }));
  });

  it("built-in tools' output items come back as OpenAI sent them (web_search_call, url_citation), JSON and stream", async () => {
    const recorded = fixtureJson<{ output: { type: string }[]; usage: { input_tokens: number } }>(
      'openai/responses/web-search.reconstructed.json',
    );
    const model = 'openai/fixture:responses/web-search.reconstructed@recorded-ids';
    const json = await post(
      JSON.stringify({ model, input: 'What shipped in Switchboard 2.0?', tools: [{ type: 'web_search' }], store: false }),
    );
    expect(JSON.parse(json.text)).toEqual(recorded);
    expect(JSON.parse(json.text).output[0]).toMatchObject({
      type: 'web_search_call',
      action: { type: 'search', query: 'Switchboard gateway 2.0 release' },
    });

    // Stored (the default), it is retrieved and replayed as stored, the web_search_call included.
    const kept = JSON.parse((await post(JSON.stringify({ model, input: 'What shipped?', tools: [{ type: 'web_search' }] }))).text) as {
      id: string;
    };
    expect(((await (await gateway(`/v1/responses/${kept.id}`)).json()) as { output: unknown[] }).output).toEqual(recorded.output);
    const replayed = parseResponsesSse(await (await gateway(`/v1/responses/${kept.id}?stream=true`)).text()).map(
      (event) => event.data as Record<string, unknown>,
    );
    expect(replayed.find((event) => event.type === 'response.output_item.added')?.item).toEqual(recorded.output[0]);
    expect((replayed.at(-1)?.response as { output?: unknown[] } | undefined)?.output).toEqual(recorded.output);

    const streamed = await post(
      JSON.stringify({ model, input: 'What shipped?', tools: [{ type: 'web_search' }], store: false, stream: true }),
    );
    const events = parseResponsesSse(streamed.text).map((event) => event.data as Record<string, unknown>);
    const added = events.find((event) => event.type === 'response.output_item.added');
    expect(added?.item).toMatchObject({ type: 'web_search_call', id: (recorded.output[0] as { id?: string }).id });
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    expect((completed?.response as { output?: unknown[] } | undefined)?.output).toEqual(recorded.output);
  });

  it('usage is recorded exactly once, with cached tokens, and the exchange is archived', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const mark = marker();
    const model = `fixture:responses/web-search.reconstructed`;
    const call = await callWorker('/v1/responses', {
      method: 'POST',
      json: { model: `openai/${model}`, input: mark, tools: [{ type: 'web_search' }], stream: true, store: false },
    });
    const received = await call.response.text();
    await call.settled();
    expect(received).toContain('"cached_tokens":128');
    const requestId = call.response.headers.get('x-request-id') ?? '';
    expect(await deliveriesOf(keyId, [requestId])).toEqual({ [requestId]: 1 });
    const today = utcDay(Date.now());
    const rows = await ledgerFor(env, keyId).rows(today, today);
    const row = rows.find((entry) => entry.model === model);
    expect(row?.prompt_tokens).toBeGreaterThanOrEqual(311);
    expect(row?.cached_tokens).toBeGreaterThanOrEqual(128);
    const record = JSON.parse((await rawArchiveText(keyId, requestId)) ?? '{}');
    expect(record).toMatchObject({ endpoint: 'responses', provider: 'openai', status: 200, usage: { inputTokens: 311, outputTokens: 64 } });
    expect(JSON.stringify(record.attempts)).toContain(mark);
  });

  it('a failed OpenAI attempt falls back to Anthropic, translated as before', async () => {
    const suffix = marker();
    const configured = envWith({
      SWITCHBOARD_CONFIG: JSON.stringify({
        routes: {
          [`lane-fallback-${suffix}`]: {
            targets: [{ model: `openai/gpt-4o-${suffix}@status=500` }, { model: `anthropic/claude-sonnet-4-5-${suffix}` }],
            retry: { attemptsPerTarget: 1 },
          },
        },
      }),
    });
    const answer = await post(JSON.stringify({ model: `lane-fallback-${suffix}`, input: 'Say hi', store: false }), { env: configured });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchboard-provider')).toBe('anthropic');
    const response = JSON.parse(answer.text) as { id: string; object: string; output: { type: string }[] };
    expect(response.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(response.output.some((item) => item.type === 'message')).toBe(true);
    const [tried, served, ...more] = await sentUpstream(suffix);
    expect(more).toEqual([]);
    expect(tried?.path).toBe('/openai/v1/responses');
    expect(tried?.rawBody).toBe(JSON.stringify({ model: `gpt-4o-${suffix}@status=500`, input: 'Say hi', store: false }));
    expect(served?.path).toBe('/anthropic/v1/messages');
    expect(served?.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }]);
  });

  it('an upstream that breaks after the commit: its bytes, then one gateway `error` event the SDK raises, numbered after the last', async () => {
    const model = uniqueModel('gpt-4o');
    const answer = await post(JSON.stringify({ model: `openai/${model}@drop-after=5`, input: 'Say hi', stream: true, store: false }));
    expect(answer.status).toBe(200);
    const events = parseResponsesSse(answer.text);
    expect(events.slice(0, 5).map((event) => event.event)).toEqual(
      events.slice(0, 5).map((event) => (event.data as { type: string }).type),
    );
    expect(events).toHaveLength(6);
    const last = events[5];
    expect(last?.event).toBe('error');
    expect(last?.data).toMatchObject({ type: 'error', code: 'upstream_stream_error', sequence_number: 5 });
    const sdk = openaiClient();
    await expect(
      sdk.responses.create({ model: `openai/${model}@drop-after=5`, input: 'Say hi', stream: true, store: false }).then(async (stream) => {
        for await (const _ of stream);
      }),
    ).rejects.toThrow();
  });

  it('a session on the lane: its system prompt joins instructions, its history goes before the input, and the turn is saved', async () => {
    const created = await callWorker('/v1/sessions', { method: 'POST', json: { system: 'You are terse.' } });
    await created.settled();
    expect(created.response.status).toBe(201);
    const { id: session } = (await created.response.json()) as { id: string };
    const model = uniqueModel('gpt-4o');
    const headers = { 'x-switchboard-session': session };
    const first = await post(JSON.stringify({ model: `openai/${model}`, input: 'Say hi', instructions: 'Be brief.', store: false }), {
      headers,
    });
    expect(first.status).toBe(200);
    const reply = (JSON.parse(first.text) as { output: { type: string; content?: { text: string }[] }[] }).output.find(
      (item) => item.type === 'message',
    )?.content?.[0]?.text;
    const second = await post(JSON.stringify({ model: `openai/${model}`, input: 'And again', store: false, stream: true }), { headers });
    expect(second.status).toBe(200);
    const [one, two] = await sentFor(model);
    // Only a system prompt to add: the client's input is left as it wrote it.
    expect(one?.body).toMatchObject({ instructions: 'You are terse.\n\nBe brief.', input: 'Say hi' });
    // The saved turn holds the request's instructions too (as on every surface), so they lead again.
    expect(two?.body).toMatchObject({
      instructions: 'You are terse.\n\nBe brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Say hi' }] },
        { role: 'assistant', content: reply },
        { role: 'user', content: 'And again' },
      ],
    });
  });

  it('a strict caller: an unknown field goes through the lane, and refuses a translated target, before any call', async () => {
    const headers = { 'x-switchboard-strict': 'true' };
    const model = uniqueModel('gpt-4o');
    const lane = await post(JSON.stringify({ model: `openai/${model}`, input: 'hi', store: false, max_tool_calls: 2 }), { headers });
    expect(lane.status).toBe(200);
    expect((await sentFor(model))[0]?.body.max_tool_calls).toBe(2);
    const claude = uniqueModel('claude-sonnet-4-5');
    const refused = await post(JSON.stringify({ model: `anthropic/${claude}`, input: 'hi', store: false, max_tool_calls: 2 }), { headers });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toMatchObject({ param: 'max_tool_calls', code: 'unsupported_parameter' });
    expect(await sentFor(claude)).toHaveLength(0);
  });

  it('what only translation refuses (a built-in tool_choice, `conversation`) goes through the lane; `background` stays a 400', async () => {
    const model = uniqueModel('gpt-4o');
    const body = {
      model: `openai/${model}`,
      input: 'hi',
      tools: [{ type: 'web_search' }],
      tool_choice: { type: 'web_search' },
      store: false,
    };
    expect((await post(JSON.stringify(body))).status).toBe(200);
    expect((await sentFor(model))[0]?.body.tool_choice).toEqual({ type: 'web_search' });
    const withConversation = await post(JSON.stringify({ model: `openai/${model}`, input: 'hi', conversation: 'conv_1', store: false }));
    expect(withConversation.status).toBe(200);
    expect((await sentFor(model))[1]?.body.conversation).toBe('conv_1');
    const background = await post(JSON.stringify({ model: `openai/${model}`, input: 'hi', background: true }));
    expect(background.status).toBe(400);
    expect(JSON.parse(background.text).error).toMatchObject({ param: 'background' });
    const claude = uniqueModel('claude-sonnet-4-5');
    const refused = await post(JSON.stringify({ model: `anthropic/${claude}`, input: 'hi', conversation: 'conv_1', store: false }));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toMatchObject({ param: 'conversation' });
    expect(await sentFor(model)).toHaveLength(2);
    expect(await sentFor(claude)).toHaveLength(0);
  });

  it('an item_reference the gateway does not hold goes to OpenAI as written (it may hold it); a translated target gets the 400', async () => {
    const input = [
      { type: 'item_reference', id: 'msg_stored_at_openai_directly' },
      { role: 'user', content: 'Go on' },
    ];
    const model = uniqueModel('gpt-4o');
    expect((await post(JSON.stringify({ model: `openai/${model}`, input, store: false }))).status).toBe(200);
    expect((await sentFor(model))[0]?.body.input).toEqual(input);
    const claude = uniqueModel('claude-sonnet-4-5');
    const refused = await post(JSON.stringify({ model: `anthropic/${claude}`, input, store: false }));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toMatchObject({ param: 'input.0.id', code: 'item_not_found' });
  });

  it('an item only OpenAI reads (an echoed web_search_call) goes through the lane; a translated target refuses it, naming it', async () => {
    const input = [
      { role: 'user', content: 'What shipped?' },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
      { role: 'user', content: 'Thanks' },
    ];
    const model = uniqueModel('gpt-4o');
    const lane = await post(JSON.stringify({ model: `openai/${model}`, input, store: false }));
    expect(lane.status).toBe(200);
    expect((await sentFor(model))[0]?.body.input).toEqual(input);
    const claude = uniqueModel('claude-sonnet-4-5');
    const refused = await post(JSON.stringify({ model: `anthropic/${claude}`, input, store: false }));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toMatchObject({ param: 'input.1.type', code: 'unsupported_input_item' });
    expect(await sentFor(claude)).toHaveLength(0);
  });
});

describe('stored responses on the lane', () => {
  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'non-stream'}: kept under the provider's id; previous_response_id passes through to the same upstream, is rebuilt for another`, async () => {
      const model = uniqueModel('gpt-4o');
      let first: OpenAI.Responses.Response;
      if (stream)
        first = await openai.responses.stream({ model: `openai/${model}`, input: 'Say hi', instructions: 'Be brief' }).finalResponse();
      else first = await openai.responses.create({ model: `openai/${model}`, input: 'Say hi', instructions: 'Be brief' });
      // OpenAI's id (the fake's fresh one), not one the gateway minted.
      expect(first.id).toMatch(/^resp_[0-9a-f]{33,}$/);
      const retrieved = await openai.responses.retrieve(first.id);
      expect(retrieved.id).toBe(first.id);
      expect(retrieved.output_text).toBe(first.output_text);
      const items = await openai.responses.inputItems.list(first.id);
      expect(items.data).toHaveLength(1);

      // Same upstream and credential: the id goes through untouched, the input as the client wrote it.
      const again = `{"model":"openai/${model}","previous_response_id":${JSON.stringify(first.id)},"input":"And again","store":false}`;
      expect((await post(again)).status).toBe(200);
      const sent = await sentFor(model);
      expect(sent).toHaveLength(2);
      expect(sent[1]?.rawBody).toBe(again.replace(`"openai/${model}"`, `"${model}"`));

      // Another provider that serves the Responses API (Azure) cannot know the id: rebuilt from the store.
      const deployment = uniqueModel('dep');
      const toAzure = await post(
        JSON.stringify({ model: `azure/${deployment}`, previous_response_id: first.id, input: 'And again', store: false }),
      );
      expect(toAzure.status).toBe(200);
      const [azure] = await sentFor(deployment);
      expect(azure?.body.previous_response_id).toBeUndefined();
      expect(azure?.body.input).toEqual([
        { role: 'user', content: [{ type: 'input_text', text: 'Say hi' }] },
        { role: 'assistant', content: first.output_text },
        { role: 'user', content: 'And again' },
      ]);
      // And a translated one (Anthropic) as before.
      const claude = uniqueModel('claude-sonnet-4-5');
      await openai.responses.create({ model: `anthropic/${claude}`, previous_response_id: first.id, input: 'And again', store: false });
      const [anthropic] = await sentFor(claude);
      expect(((anthropic?.body.messages ?? []) as { role: string }[]).map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
      ]);

      // Scoped to the key: another key sees nothing and cannot continue from it.
      expect((await gateway(`/v1/responses/${first.id}`, { key: OTHER_KEY })).status).toBe(404);
      const other = await post(JSON.stringify({ model: `openai/${model}`, previous_response_id: first.id, input: 'x' }), {
        key: OTHER_KEY,
      });
      expect(other.status).toBe(400);
      expect(JSON.parse(other.text).error).toMatchObject({ param: 'previous_response_id', code: 'previous_response_not_found' });
      expect(await sentFor(model)).toHaveLength(2);

      await openai.responses.delete(first.id);
      expect((await gateway(`/v1/responses/${first.id}`)).status).toBe(404);
    });
  }

  it('a response stored only by the gateway (translated turn) is rebuilt even when the next turn goes to OpenAI', async () => {
    const claude = uniqueModel('claude-sonnet-4-5');
    const first = await openai.responses.create({ model: `anthropic/${claude}`, input: 'Say hi' });
    const model = uniqueModel('gpt-4o');
    expect(
      (await post(JSON.stringify({ model: `openai/${model}`, previous_response_id: first.id, input: 'And again', store: false }))).status,
    ).toBe(200);
    const [sent] = await sentFor(model);
    expect(sent?.body.previous_response_id).toBeUndefined();
    expect(sent?.body.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Say hi' }] },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'And again' },
    ]);
  });
});
