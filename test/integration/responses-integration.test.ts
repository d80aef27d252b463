/**
 * `/v1/responses` end to end inside workerd (real DO, KV, queues), driven by the official `openai`
 * SDK, with OpenAI chat, Anthropic and Gemini behind it answering from the fake upstream's
 * recorded traffic: create (JSON and stream), stored responses, continuation, reasoning state.
 */
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../support/fixtures';
import { gateway, OTHER_KEY } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';
import { checkResponsesGrammar, parseResponsesSse } from '../support/responses-grammar';

const openai = openaiClient();

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  strict: false,
};

async function errorOf(promise: Promise<unknown>): Promise<{ status: number; error: { param?: string; message: string; code?: string } }> {
  try {
    await promise;
  } catch (thrown) {
    const error = thrown as { status: number; error: { param?: string; message: string; code?: string } };
    return { status: error.status, error: error.error };
  }
  throw new Error('expected a failure');
}

describe('POST /v1/responses (non-stream)', () => {
  it('answers a string input through a chat-completions host with the response object and usage', async () => {
    // Mistral does not serve the Responses API: translated (OpenAI itself takes the same-dialect lane).
    const model = uniqueModel('mistral-small-latest');
    const response = await openai.responses.create({ model: `mistral/${model}`, input: 'Say hi', instructions: 'Be brief', store: false });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(response.status).toBe('completed');
    expect(response.instructions).toBe('Be brief');
    const message = response.output.find((item) => item.type === 'message');
    expect(message?.type === 'message' && message.content[0]?.type).toBe('output_text');
    expect(response.output_text.length).toBeGreaterThan(0);
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe('/mistral/v1/chat/completions');
    expect(sent?.body.messages).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: [{ type: 'text', text: 'Say hi' }] },
    ]);
    expect(sent?.body.store).toBeUndefined();
    const recorded = fixtureJson<{ usage: { prompt_tokens: number; completion_tokens: number } }>(
      `${(sent as unknown as { fixture: string }).fixture}.json`,
    );
    expect(response.usage?.input_tokens).toBe(recorded.usage.prompt_tokens);
    expect(response.usage?.output_tokens).toBe(recorded.usage.completion_tokens);
    expect(response.usage?.total_tokens).toBe(recorded.usage.prompt_tokens + recorded.usage.completion_tokens);
  });

  it('translates function tools, tool_choice and text.format', async () => {
    const model = uniqueModel('deepseek-chat');
    await openai.responses.create({
      model: `deepseek/${model}`,
      input: [{ role: 'user', content: 'Weather in Florence?' }],
      tools: [weather],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: {} }, strict: true } },
      max_output_tokens: 300,
      temperature: 0.5,
      store: false,
    });
    const [sent] = await sentFor(model);
    expect(sent?.body).toMatchObject({
      tools: [
        {
          type: 'function',
          function: { name: 'weather', description: weather.description, parameters: weather.parameters, strict: false },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: {} }, strict: true } },
      temperature: 0.5,
    });
  });

  it('returns a function_call item from Anthropic, and the tool loop continues with previous_response_id', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const first = await openai.responses.create({ model: `anthropic/${model}`, input: 'Weather in Florence?', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');
    expect(call.id).toMatch(/^fc_/);
    expect(call.call_id).toMatch(/^toolu_/);
    expect(JSON.parse(call.arguments)).toHaveProperty('location');

    const second = await openai.responses.create({
      model: `anthropic/${model}`,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' }],
      tools: [weather],
    });
    expect(second.previous_response_id).toBe(first.id);
    const sent = await sentFor(model);
    const messages = sent[1]?.body.messages as { role: string; content: { type: string; tool_use_id?: string; id?: string }[] | string }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]?.content).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'tool_use', id: call.call_id })]));
    expect(messages[2]?.content).toEqual([expect.objectContaining({ type: 'tool_result', tool_use_id: call.call_id })]);
  });

  it('keeps Anthropic thinking signatures as reasoning items and sends them back next turn', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const first = await openai.responses.create({
      model: `anthropic/${model}`,
      input: 'Weather in Florence?',
      tools: [weather],
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    if (reasoning?.type !== 'reasoning') throw new Error('no reasoning item');
    expect(reasoning.encrypted_content).toMatch(/^swb1\./);
    expect(reasoning.summary[0]?.text).toContain('weather');
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');

    // store: false → the client carries the state: echo the output items, then the tool result.
    await openai.responses.create({
      model: `anthropic/${model}`,
      input: [
        { role: 'user', content: 'Weather in Florence?' },
        ...(first.output as never[]),
        { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
      ],
      tools: [weather],
      reasoning: { effort: 'low' },
      store: false,
    });
    const recorded = fixtureJson<{ content: { type: string; signature?: string }[] }>('anthropic/thinking-tool-use.json');
    const signature = recorded.content.find((block) => block.type === 'thinking')?.signature;
    const sent = await sentFor(model);
    const assistant = ((sent[1]?.body.messages ?? []) as { role: string; content: { type: string; signature?: string }[] }[])[1];
    expect(assistant?.content[0]).toMatchObject({ type: 'thinking', signature });
  });

  it('round-trips a Gemini thought signature: stored, and echoed by the client with store: false', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const recorded = fixtureJson<{ candidates: { content: { parts: { thoughtSignature?: string }[] } }[] }>('gemini/function-call.json');
    const signature = recorded.candidates[0]?.content.parts.find((part) => part.thoughtSignature)?.thoughtSignature;
    expect(signature).toBeTruthy();
    const first = await openai.responses.create({ model: `gemini/${model}`, input: 'Weather in Florence?', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');
    // turn 2 from the store, turn 3 from the client's own copy of the items (store: false shows the state)
    await openai.responses.create({
      model: `gemini/${model}`,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      tools: [weather],
    });
    const unstored = await openai.responses.create({
      model: `gemini/${model}`,
      input: 'Weather in Florence?',
      tools: [weather],
      store: false,
    });
    const unstoredCall = unstored.output.find((item) => item.type === 'function_call');
    if (unstoredCall?.type !== 'function_call') throw new Error('no function call');
    await openai.responses.create({
      model: `gemini/${model}`,
      input: [
        { role: 'user', content: 'Weather in Florence?' },
        ...(unstored.output as never[]),
        { type: 'function_call_output', call_id: unstoredCall.call_id, output: 'sunny' },
      ],
      tools: [weather],
      store: false,
    });
    const sent = await sentFor(model);
    for (const turn of [sent[1], sent[3]]) {
      const contents = turn?.body.contents as { role: string; parts: { functionCall?: unknown; thoughtSignature?: string }[] }[];
      const modelTurn = contents.find((content) => content.role === 'model');
      expect(modelTurn?.parts.find((part) => part.functionCall)?.thoughtSignature).toBe(signature);
    }
  });

  it('refuses what it cannot translate with a 400 naming the field, before any upstream call', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const background = await errorOf(openai.responses.create({ model: `anthropic/${model}`, input: 'hi', background: true }));
    expect(background).toMatchObject({ status: 400, error: { param: 'background' } });
    const builtIn = await errorOf(openai.responses.create({ model: `anthropic/${model}`, input: 'hi', tools: [{ type: 'web_search' }] }));
    expect(builtIn.status).toBe(400);
    expect(builtIn.error).toMatchObject({ param: 'tools.0.type', code: 'unsupported_tool' });
    expect(builtIn.error.message).toContain('web_search');
    const badItem = await errorOf(
      openai.responses.create({ model: `anthropic/${model}`, input: [{ type: 'function_call_output', output: 'x' } as never] }),
    );
    expect(badItem).toMatchObject({ status: 400, error: { param: 'input.0.call_id' } });
    const unknownItem = await errorOf(
      openai.responses.create({ model: `anthropic/${model}`, input: [{ type: 'web_search_call', id: 'ws' } as never] }),
    );
    expect(unknownItem).toMatchObject({ status: 400, error: { param: 'input.0.type', code: 'unsupported_input_item' } });
    const noPrevious = await errorOf(
      openai.responses.create({ model: `anthropic/${model}`, input: 'hi', previous_response_id: 'resp_nope' }),
    );
    expect(noPrevious).toMatchObject({ status: 400, error: { param: 'previous_response_id' } });
    expect(await sentFor(model)).toHaveLength(0);
  });

  it('names dropped top-level fields in x-switchboard-dropped-params (translated); the same-dialect lane forwards them', async () => {
    const res = await gateway('/v1/responses', {
      method: 'POST',
      json: { model: `anthropic/${uniqueModel('claude-sonnet-4-5')}`, input: 'hi', truncation: 'auto', max_tool_calls: 3, store: false },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-dropped-params')).toBe('max_tool_calls,truncation');
    const model = uniqueModel('gpt-4o-mini');
    const lane = await gateway('/v1/responses', {
      method: 'POST',
      json: { model: `openai/${model}`, input: 'hi', truncation: 'auto', max_tool_calls: 3, store: false },
    });
    expect(lane.status).toBe(200);
    expect(lane.headers.get('x-switchboard-dropped-params')).toBeNull();
    expect((await sentFor(model))[0]?.body).toMatchObject({ truncation: 'auto', max_tool_calls: 3 });
  });
});

describe('stored responses', () => {
  it('retrieves, lists input items (paginated), deletes, and hides them from other keys', async () => {
    const model = uniqueModel('gpt-4o-mini');
    const created = await openai.responses.create({
      model: `openai/${model}`,
      input: [
        { role: 'developer', content: 'Be brief' },
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'input_text', text: 'two' }] },
      ],
    });
    const retrieved = await openai.responses.retrieve(created.id);
    expect(retrieved.id).toBe(created.id);
    expect(retrieved.output).toEqual(created.output);
    const replay = await gateway(`/v1/responses/${created.id}?stream=true`);
    expect(replay.headers.get('content-type')).toContain('text/event-stream');
    const replayed = checkResponsesGrammar(parseResponsesSse(await replay.text()));
    expect(replayed.output).toEqual(created.output);
    expect(replayed.usage).toEqual(created.usage);

    const page = await openai.responses.inputItems.list(created.id, { limit: 2, order: 'asc' });
    expect(page.data.map((item) => item.type === 'message' && item.role)).toEqual(['developer', 'user']);
    expect(page.has_more).toBe(true);
    const all = [];
    for await (const item of openai.responses.inputItems.list(created.id, { limit: 1 })) all.push(item);
    expect(all).toHaveLength(3);
    expect(all[0]?.type === 'message' && all[0].content).toEqual([{ type: 'input_text', text: 'two' }]);

    const other = await gateway(`/v1/responses/${created.id}`, { key: OTHER_KEY });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain(created.id);
    expect((await gateway(`/v1/responses/${created.id}/input_items`, { key: OTHER_KEY })).status).toBe(404);
    expect((await gateway(`/v1/responses/${created.id}`, { method: 'DELETE', key: OTHER_KEY })).status).toBe(404);

    const deleted = await gateway(`/v1/responses/${created.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: created.id, object: 'response', deleted: true });
    expect((await gateway(`/v1/responses/${created.id}`)).status).toBe(404);
  });

  it('store: false keeps nothing', async () => {
    const created = await openai.responses.create({ model: `openai/${uniqueModel('gpt-4o-mini')}`, input: 'hi', store: false });
    expect((await gateway(`/v1/responses/${created.id}`)).status).toBe(404);
  });

  it('continues a stored conversation on another provider and resolves item references', async () => {
    const first = await openai.responses.create({ model: `openai/${uniqueModel('gpt-4o-mini')}`, input: 'Say hi' });
    const reply = first.output.find((item) => item.type === 'message');
    if (!reply) throw new Error('no message');
    const model = uniqueModel('claude-sonnet-4-5');
    await openai.responses.create({ model: `anthropic/${model}`, previous_response_id: first.id, input: 'And again' });
    await openai.responses.create({
      model: `anthropic/${model}`,
      input: [
        { role: 'user', content: 'Say hi' },
        { type: 'item_reference', id: reply.id },
        { role: 'user', content: 'More' },
      ],
    });
    const sent = await sentFor(model);
    const text = first.output_text;
    expect(sent[0]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Say hi' }] },
      { role: 'assistant', content: [{ type: 'text', text }] },
      { role: 'user', content: [{ type: 'text', text: 'And again' }] },
    ]);
    expect(((sent[1]?.body.messages ?? []) as { role: string }[]).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    const missing = await errorOf(
      openai.responses.create({ model: `anthropic/${model}`, input: [{ type: 'item_reference', id: 'msg_x' }] }),
    );
    expect(missing).toMatchObject({ status: 400, error: { param: 'input.0.id' } });
  });
});

describe('POST /v1/responses/input_tokens', () => {
  it('without a model, estimates and says so (with a model: count-tokens-integration.test.ts)', async () => {
    const res = await gateway('/v1/responses/input_tokens', { method: 'POST', json: { input: 'x'.repeat(400) } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; input_tokens: number; estimated: boolean };
    expect(body).toMatchObject({ object: 'response.input_tokens', estimated: true, counted_by: 'estimate' });
    expect(body.input_tokens).toBeGreaterThanOrEqual(100);
  });
});
