// Provider families: text, stream and tool-call replay per family, auth, embeddings.
// Run: node --test test/fake-upstream/*.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUTH, chat, messages, parseSse, post, startFakeUpstream } from './testkit.mjs';

let fake;
before(async () => {
  fake = await startFakeUpstream();
});
after(() => fake.close());

const TOOLS = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }];

test('openai: non-stream text with recorded headers', async () => {
  const res = await chat(fake, { model: 'gpt-4o-mini' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.ok(res.headers.get('x-request-id'));
  assert.equal(res.headers.get('x-ratelimit-reset-requests'), '6ms');
  const raw = await res.text();
  const length = res.headers.get('content-length');
  if (length !== null) assert.equal(Number(length), Buffer.byteLength(raw), 'recorded content-length is never replayed');
  const body = JSON.parse(raw);
  assert.equal(body.object, 'chat.completion');
  assert.equal(body.choices[0].finish_reason, 'stop');
});

test('openai: stream strips the usage chunk unless include_usage', async () => {
  const plain = parseSse(await (await chat(fake, { model: 'gpt-4o-mini', stream: true })).text());
  assert.equal(plain.at(-1).data, '[DONE]');
  assert.ok(plain.some((e) => e.json?.choices?.[0]?.finish_reason === 'stop'));
  assert.ok(!plain.some((e) => Array.isArray(e.json?.choices) && e.json.choices.length === 0));

  const res = await chat(fake, { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } });
  assert.match(res.headers.get('content-type'), /text\/event-stream/);
  const events = parseSse(await res.text());
  const usage = events.at(-2).json;
  assert.deepEqual(usage.choices, []);
  assert.ok(usage.usage.total_tokens > 0);
});

test('openai: tools → tool-call fixture; tool result → follow-up fixture', async () => {
  const body = await (await chat(fake, { model: 'gpt-4o', tools: TOOLS })).json();
  assert.equal(body.choices[0].finish_reason, 'tool_calls');
  assert.ok(body.choices[0].message.tool_calls[0].function.name);

  const stream = parseSse(await (await chat(fake, { model: 'gpt-4o', tools: TOOLS, stream: true })).text());
  assert.ok(stream.some((e) => e.json?.choices?.[0]?.delta?.tool_calls));
  assert.ok(stream.some((e) => e.json?.choices?.[0]?.finish_reason === 'tool_calls'));

  const followup = [
    { role: 'user', content: 'hi' },
    { role: 'assistant', tool_calls: [] },
    { role: 'tool', tool_call_id: 'c', content: '{}' },
  ];
  const res = await chat(fake, { model: 'gpt-4o', tools: TOOLS, messages: followup });
  assert.equal((await res.json()).choices[0].finish_reason, 'stop');
  assert.equal(fake.requests.at(-1).fixture, 'openai/chat/tool-call-followup');
});

test('openai: fixture: model forces a scenario; JSON-only fixtures stream synthesized', async () => {
  const body = await (await chat(fake, { model: 'fixture:chat/parallel-tool-calls' })).json();
  assert.equal(body.choices[0].message.tool_calls.length, 2);
  const events = parseSse(await (await chat(fake, { model: 'fixture:chat/parallel-tool-calls', stream: true })).text());
  const indexes = new Set(events.flatMap((e) => e.json?.choices?.[0]?.delta?.tool_calls ?? []).map((t) => t.index));
  assert.deepEqual([...indexes], [0, 1]);
  assert.equal(events.at(-1).data, '[DONE]');
  const missing = await chat(fake, { model: 'fixture:chat/nope' });
  assert.equal(missing.status, 404);
  assert.match((await missing.json()).error.message, /no non-stream fixture/);
});

test('openai-compatible families replay their own folders', async () => {
  const ds = parseSse(await (await chat(fake, { model: 'deepseek-reasoner', stream: true }, AUTH.deepseek, '/deepseek')).text());
  const finish = ds.find((e) => e.json?.choices?.[0]?.finish_reason);
  assert.ok(finish.json.usage, 'deepseek keeps usage on the finish chunk');
  assert.ok(ds.some((e) => e.json?.choices?.[0]?.delta?.reasoning_content));

  const ms = parseSse(await (await chat(fake, { model: 'mistral-small-latest', stream: true }, AUTH.mistral, '/mistral/v1')).text());
  assert.equal(ms.at(-1).data, '[DONE]', '.chunks.jsonl gets [DONE] appended');
  assert.equal(ms.at(-2).json.model, 'mistral-small-latest');

  const groq = await (await chat(fake, { model: 'llama', tools: TOOLS }, AUTH.groq, '/groq/openai/v1')).json();
  assert.equal(groq.choices[0].finish_reason, 'tool_calls');
  assert.equal(fake.requests.at(-1).fixture, 'groq/tool-call');

  const xai = await chat(fake, { model: 'grok-3-mini', stream: true }, AUTH.xai, '/xai/v1');
  assert.equal(parseSse(await xai.text()).at(-1).data, '[DONE]');

  const together = await chat(fake, { model: 'llama' }, AUTH.together, '/together/v1');
  assert.equal(together.status, 200);
  assert.match(fake.requests.at(-1).fixture, /^openai\/chat\//);

  const ollama = await chat(fake, { model: 'llama3.2' }, {}, '/ollama/v1');
  assert.equal(ollama.status, 200, 'ollama needs no key');
  const openrouter = await chat(fake, { model: 'x' }, AUTH.openrouter, '/openrouter/api/v1');
  assert.equal(openrouter.status, 200);
});

test('azure: api-version required, api-key auth, prompt-filter chunk kept', async () => {
  const path = '/azure/openai/deployments/gpt-5-mini/chat/completions';
  const noVersion = await post(fake, path, { messages: [] }, AUTH.azure);
  assert.equal(noVersion.status, 400);
  assert.equal((await noVersion.json()).error.code, '400');
  const badKey = await post(fake, `${path}?api-version=2024-10-21`, { messages: [] }, { 'api-key': 'nope' });
  assert.equal(badKey.status, 401);
  assert.equal((await badKey.json()).error.code, '401');

  const text = await (await post(fake, `${path}?api-version=2024-10-21`, { messages: [] }, AUTH.azure)).json();
  assert.ok(text.choices[0].content_filter_results);
  const events = parseSse(await (await post(fake, `${path}?api-version=2024-10-21`, { messages: [], stream: true }, AUTH.azure)).text());
  assert.ok(events[0].json.prompt_filter_results, 'first chunk with choices: [] and prompt_filter_results is kept');
  assert.ok(!events.some((e) => e.json?.usage), 'usage chunk stripped without include_usage');
  assert.equal(events.at(-1).data, '[DONE]');
});

test('anthropic: text, stream with event lines, tools, thinking, chunks replay', async () => {
  const text = await (await messages(fake, { model: 'claude-sonnet-4-5' })).json();
  assert.equal(text.type, 'message');
  const res = await messages(fake, { model: 'claude-haiku-4-5', stream: true });
  assert.ok(res.headers.get('anthropic-ratelimit-requests-limit'));
  assert.ok(res.headers.get('request-id'));
  const events = parseSse(await res.text());
  assert.equal(events[0].event, 'message_start');
  assert.equal(events.at(-1).event, 'message_stop');
  assert.ok(events.every((e) => e.event === e.json?.type));

  const tools = [{ name: 'weather', input_schema: { type: 'object' } }];
  const tool = await (await messages(fake, { model: 'claude', tools })).json();
  assert.equal(tool.stop_reason, 'tool_use');
  const toolStream = parseSse(await (await messages(fake, { model: 'claude', tools, stream: true })).text());
  assert.ok(toolStream.some((e) => e.json?.delta?.type === 'input_json_delta'));

  const thinking = parseSse(
    await (await messages(fake, { model: 'claude', stream: true, thinking: { type: 'enabled', budget_tokens: 1024 } })).text(),
  );
  assert.ok(thinking.some((e) => e.json?.delta?.type === 'signature_delta'));

  const chunks = parseSse(await (await messages(fake, { model: 'fixture:refusal-stream', stream: true })).text());
  assert.deepEqual(
    chunks.map((e) => e.event),
    chunks.map((e) => e.json.type),
    'event: lines added from payload type',
  );
  assert.ok(!chunks.some((e) => e.data === '[DONE]'));
});

test('anthropic: auth and anthropic-version errors', async () => {
  const bad = await messages(fake, { model: 'claude' }, { 'x-api-key': 'wrong', 'anthropic-version': '2023-06-01' });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error.type, 'authentication_error');
  const noVersion = await messages(fake, { model: 'claude' }, { 'x-api-key': 'sk-ant-fake' });
  assert.equal(noVersion.status, 400);
  const body = await noVersion.json();
  assert.equal(body.type, 'error');
  assert.equal(body.error.type, 'invalid_request_error');
});

test('gemini: generate, alt=sse stream, JSON-array stream, function call, auth', async () => {
  const g = (action, body, q = '', headers = AUTH.gemini) =>
    post(
      fake,
      `/gemini/v1beta/models/gemini-2.5-flash:${action}${q}`,
      { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], ...body },
      headers,
    );
  const text = await (await g('generateContent', {})).json();
  assert.ok(text.candidates[0].content.parts[0].text);

  const res = await g('streamGenerateContent', {}, '?alt=sse');
  assert.match(res.headers.get('content-type'), /text\/event-stream/);
  const events = parseSse(await res.text());
  assert.ok(
    events.every((e) => e.json && !e.event),
    'data-only, no [DONE]',
  );
  assert.equal(events.at(-1).json.candidates[0].finishReason, 'STOP');

  const arr = await g('streamGenerateContent', {});
  assert.match(arr.headers.get('content-type'), /application\/json/);
  assert.ok(Array.isArray(await arr.json()));

  const tools = [{ functionDeclarations: [{ name: 'weather' }] }];
  const fc = await (await g('generateContent', { tools })).json();
  assert.ok(fc.candidates[0].content.parts.some((p) => p.functionCall));

  const bad = await g('generateContent', {}, '', { 'x-goog-api-key': 'nope' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.details[0].reason, 'API_KEY_INVALID');
  assert.equal((await g('generateContent', {}, '', {})).status, 403);
});

test('embeddings: OpenAI dimensions/base64, Gemini synthetic shapes', async () => {
  const e = (body) => post(fake, '/openai/v1/embeddings', { model: 'text-embedding-3-small', ...body }, AUTH.openai);
  const body = await (await e({ input: ['a', 'b', 'c'], dimensions: 64 })).json();
  assert.equal(body.data.length, 3);
  assert.equal(body.data[0].embedding.length, 64);
  assert.ok(body.usage.prompt_tokens > 0);
  const again = await (await e({ input: ['a'], dimensions: 64 })).json();
  assert.deepEqual(again.data[0].embedding, body.data[0].embedding, 'deterministic');
  const b64 = await (await e({ input: 'a', dimensions: 64, encoding_format: 'base64' })).json();
  const buf = Buffer.from(b64.data[0].embedding, 'base64');
  assert.equal(buf.length, 64 * 4);
  assert.ok(Math.abs(buf.readFloatLE(0) - body.data[0].embedding[0]) < 1e-6);
  assert.equal((await (await e({ input: 'x' })).json()).data[0].embedding.length, 1536);

  const one = await (
    await post(
      fake,
      '/gemini/v1beta/models/text-embedding-004:embedContent',
      { content: { parts: [{ text: 'hi' }] }, outputDimensionality: 8 },
      AUTH.gemini,
    )
  ).json();
  assert.equal(one.embedding.values.length, 8);
  const batch = await (
    await post(
      fake,
      '/gemini/v1beta/models/text-embedding-004:batchEmbedContents',
      { requests: [{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] } }] },
      AUTH.gemini,
    )
  ).json();
  assert.equal(batch.embeddings.length, 2);
  assert.equal(batch.embeddings[0].values.length, 768);
});

test('openai: auth failures answer with the real 401 shape', async () => {
  const wrong = await chat(fake, { model: 'gpt-4o-mini' }, { authorization: 'Bearer sk-wrong-key-123456' });
  assert.equal(wrong.status, 401);
  const body = await wrong.json();
  assert.equal(body.error.code, 'invalid_api_key');
  assert.ok(!body.error.message.includes('sk-wrong-key-123456'), 'key is masked');
  const missing = await chat(fake, { model: 'gpt-4o-mini' }, {});
  assert.equal(missing.status, 401);
  assert.match((await missing.json()).error.message, /didn't provide an API key/);
  assert.equal((await chat(fake, { model: 'm' }, AUTH.openai, '/deepseek')).status, 401, 'keys are per provider');
  const models = await (await fetch(`${fake.url}/openai/v1/models`, { headers: AUTH.openai })).json();
  assert.equal(models.object, 'list');
});
