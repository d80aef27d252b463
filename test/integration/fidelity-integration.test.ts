/**
 * The fidelity rule end to end inside workerd (docs/fidelity.md): unknown fields dropped and
 * named, strictness on request, model-aware parameters, Anthropic's wording, bare model ids,
 * and refused requests in GET /v1/logs. Providers are the fake upstream.
 */
import { describe, expect, it, vi } from 'vitest';
import { gateway, type LoggedRequest, upstreamRequests } from '../support/gateway';
import { createKey } from '../support/keys';
import { callWorker } from '../support/worker';

const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;
const DROPPED = 'x-switchboard-dropped-params';

async function sentFor(model: string): Promise<LoggedRequest[]> {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model || entry.path.includes(`/models/${model}:`));
}

const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gateway('/v1/chat/completions', { method: 'POST', json: body, headers });
const messages = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gateway('/v1/messages', { method: 'POST', json: body, headers: { 'anthropic-version': '2023-06-01', ...headers } });

describe('unknown fields: dropped and named, unless strict', () => {
  it('a chat request with fields the gateway does not know reaches Anthropic without them, named in the header', async () => {
    const model = unique('claude-sonnet-4-5');
    const response = await chat({
      model: `anthropic/${model}`,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', brand_new_hint: 1 }] }],
      future_parameter: { a: 1 },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)?.split(',')).toEqual(['messages.0.content.0.brand_new_hint', 'future_parameter']);
    const [sent] = await sentFor(model);
    expect(JSON.stringify(sent?.body)).not.toMatch(/brand_new_hint|future_parameter/);
  });

  it('a stream names its drops in the response headers too', async () => {
    const model = unique('gemini-2.5-flash');
    const response = await chat({
      model: `gemini/${model}`,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
      logprobs: true,
      novel: 1,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get(DROPPED)).toBe('novel,logprobs');
    expect(await response.text()).toContain('[DONE]');
  });

  it('echoed assistant history (annotations, refusal, audio, ids) is accepted and not named', async () => {
    const model = unique('gemini-2.5-flash');
    const response = await chat({
      model: `gemini/${model}`,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          id: 'msg_1',
          signature: 'sig',
          content: [{ type: 'text', text: 'hello', annotations: [], role: 'assistant', refusal: null, tool_calls: [] }],
          refusal: null,
          annotations: [],
        },
        { role: 'user', content: 'again' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)).toBeNull();
  });

  it('x-switchboard-strict: true turns a drop into a 400 naming the field, with no upstream call', async () => {
    const model = unique('claude-haiku-4-5');
    const response = await chat(
      { model: `anthropic/${model}`, messages: [{ role: 'user', content: 'hi' }], future_parameter: true },
      { 'x-switchboard-strict': 'true' },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string; code: string } };
    expect(body.error).toMatchObject({ param: 'future_parameter', code: 'unsupported_parameter' });
    expect(await sentFor(model)).toHaveLength(0);
  });

  it('strict has nothing to refuse on the same-dialect lane: the field goes upstream as written', async () => {
    const model = unique('gpt-4o-mini');
    const response = await chat(
      { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }], future_parameter: true },
      { 'x-switchboard-strict': 'true' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)).toBeNull();
    const [sent] = await sentFor(model);
    expect(sent?.body).toMatchObject({ future_parameter: true });
  });

  it('strict also refuses what the target cannot honour, before the call', async () => {
    const model = unique('claude-haiku-4-5');
    const response = await chat(
      { model: `anthropic/${model}`, messages: [{ role: 'user', content: 'hi' }], logprobs: true },
      { 'x-switchboard-strict': 'true' },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('logprobs');
    expect(await sentFor(model)).toHaveLength(0);
  });

  it('a key with strict: true refuses drops for every caller, and a header cannot loosen it', async () => {
    const strictKey = await createKey({ strict: true });
    const model = unique('claude-haiku-4-5');
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      key: strictKey.key,
      json: { model: `anthropic/${model}`, messages: [{ role: 'user', content: 'hi' }], future_parameter: 1 },
      headers: { 'x-switchboard-strict': 'false' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('future_parameter');
    expect(await sentFor(model)).toHaveLength(0);
  });

  it('a value of a field the gateway interprets is still a 400 when wrong', async () => {
    const response = await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 'hot' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('temperature');
  });
});

describe('model-aware parameters for OpenAI reasoning models', () => {
  it('gpt-5 via the Anthropic surface gets max_completion_tokens and no sampling parameters; the drops are named', async () => {
    const response = await messages({
      model: 'openai/gpt-5',
      max_tokens: 300,
      temperature: 0.3,
      top_p: 0.9,
      messages: [{ role: 'user', content: `reasoning ${crypto.randomUUID()}` }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)?.split(',')).toEqual(['temperature', 'top_p']);
    const sent = (await upstreamRequests()).filter((entry) => entry.body?.model === 'gpt-5').at(-1);
    expect(sent?.body).toMatchObject({ max_completion_tokens: 300 });
    expect(sent?.body).not.toHaveProperty('max_tokens');
    expect(sent?.body).not.toHaveProperty('temperature');
    expect(sent?.body).not.toHaveProperty('top_p');
  });
});

describe('Anthropic surface: newer fields and Anthropic wording', () => {
  it('system entries in messages, adaptive thinking and output_config reach an OpenAI target translated', async () => {
    const model = unique('gpt-4o-mini');
    const response = await messages({
      model: `openai/${model}`,
      max_tokens: 200,
      system: 'You are terse.',
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
      context_management: { edits: [] },
      tools: [
        {
          name: 'read',
          input_schema: { type: 'object' },
          eager_input_streaming: true,
          defer_loading: false,
          cache_control: { type: 'ephemeral' },
        },
      ],
      messages: [
        { role: 'system', content: 'Mind the rules.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)).toBe('context_management');
    const [sent] = await sentFor(model);
    expect(sent?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Mind the rules.' },
        { role: 'user', content: 'hi' },
      ],
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object' } } },
    });
  });

  it("validation errors use Anthropic's wording and type", async () => {
    const response = await messages({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user' }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages.0.content: Field required' },
    });
  });
});

describe('bare model ids and models.retrieve', () => {
  it('a bare claude-… id goes to Anthropic, not the default provider', async () => {
    const model = unique('claude-sonnet-4-5');
    const response = await chat({ model, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });

  it('an unknown bare id is a 404 model_not_found with no upstream call', async () => {
    const model = unique('mystery-model');
    const response = await chat({ model, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
    expect(await sentFor(model)).toHaveLength(0);
  });

  it('GET /v1/models/openai%2Fgpt-4o answers like the literal slash', async () => {
    const encoded = await gateway('/v1/models/openai%2Fgpt-4o');
    expect(encoded.status).toBe(200);
    expect(await encoded.json()).toMatchObject({ id: 'openai/gpt-4o', owned_by: 'openai' });
    expect((await gateway('/v1/models/openai/gpt-4o')).status).toBe(200);
    expect((await gateway('/v1/models/nobody%2Fnothing')).status).toBe(404);
  });
});

/** The archived record of a request, once the queue consumer has filed it (archives are batched). */
async function archived(requestId: string): Promise<Response> {
  return vi.waitUntil(
    async () => {
      const response = await gateway(`/v1/logs/${requestId}`);
      return response.status === 200 ? response : undefined;
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe('refused requests are visible in GET /v1/logs', () => {
  it("an adapter refusal inside the first attempt (temperature above Anthropic's range) is archived once, as a refusal", async () => {
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: `anthropic/${unique('claude-haiku-4-5')}`, messages: [{ role: 'user', content: 'x' }], temperature: 1.5 },
    });
    expect(call.response.status).toBe(400);
    await call.response.text();
    await call.settled();
    const record = (await (await archived(call.response.headers.get('x-request-id') ?? '')).json()) as {
      rejected: boolean;
      attempts: unknown[];
      error: { message: string };
    };
    expect(record).toMatchObject({ rejected: true, attempts: [] });
    expect(record.error.message).toMatch(/temperature/);
  });

  it('a validation 400 and a 404 model are archived with their error and body, and listed', async () => {
    const marker = `marker-${crypto.randomUUID()}`;
    const bad = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: marker }], n: 0 },
    });
    expect(bad.response.status).toBe(400);
    await bad.response.text();
    await bad.settled();
    const missing = await callWorker('/v1/messages', {
      method: 'POST',
      json: { model: unique('mystery'), max_tokens: 5, messages: [{ role: 'user', content: marker }] },
    });
    expect(missing.response.status).toBe(404);
    await missing.response.text();
    await missing.settled();

    const ids = [bad, missing].map((call) => call.response.headers.get('x-request-id'));
    for (const id of ids) await archived(id ?? '');
    const listing = (await (await gateway('/v1/logs?limit=1000')).json()) as {
      data: { request_id: string; status: number; attempts: number; error: { status: number; code: string; message: string } | null }[];
    };
    const badEntry = listing.data.find((entry) => entry.request_id === ids[0]);
    expect(badEntry).toMatchObject({ status: 400, attempts: 0, error: { status: 400, code: 'invalid_value' } });
    expect(badEntry?.error?.message).toMatch(/'n'/);
    expect(listing.data.find((entry) => entry.request_id === ids[1])).toMatchObject({
      status: 404,
      error: { status: 404, code: 'model_not_found' },
    });

    const record = (await (await gateway(`/v1/logs/${ids[0]}`)).json()) as {
      rejected: boolean;
      inbound: { text?: string } | null;
      error: { message: string };
      client: { status: number } | null;
    };
    expect(record.rejected).toBe(true);
    expect(JSON.stringify(record.inbound)).toContain(marker);
    expect(record.error.message).toMatch(/'n'/);
    expect(record.client?.status).toBe(400);
  });
});
