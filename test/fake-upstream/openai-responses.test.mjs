// Responses dialect: text, stream, tool call, follow-up, synthesized streams, Azure mounts.
// Run: node --test test/fake-upstream/*.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUTH, parseSse, post, startFakeUpstream } from './testkit.mjs';

let fake;
before(async () => {
  fake = await startFakeUpstream();
});
after(() => fake.close());

const TOOLS = [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: {} } }];
const respond = (body, headers = AUTH.openai, path = '/openai/v1/responses') => post(fake, path, { input: 'hi', ...body }, headers);

/** The Responses stream grammar: event line = type, sequence numbers 0..n-1, one terminal event, no [DONE]. */
function assertGrammar(events) {
  assert.ok(events.length > 3);
  events.forEach((e, i) => {
    assert.equal(e.event, e.json?.type, `event ${i} has an event: line equal to its type`);
    assert.equal(e.json.sequence_number, i);
  });
  assert.equal(events[0].json.type, 'response.created');
  assert.equal(events[1].json.type, 'response.in_progress');
  assert.match(events.at(-1).json.type, /^response\.(completed|incomplete|failed)$/);
  assert.ok(!events.some((e) => e.data === '[DONE]'));
}

test('openai responses: non-stream text is the recorded response object', async () => {
  const res = await respond({ model: 'gpt-4o' });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get('x-request-id'));
  const body = await res.json();
  assert.equal(body.object, 'response');
  assert.equal(body.output[0].type, 'message');
  assert.equal(fake.requests.at(-1).fixture, 'openai/responses/text');
  assert.equal(fake.requests.at(-1).endpoint, 'responses');
});

test('openai responses: stream replays the recorded events byte-exact', async () => {
  const res = await respond({ model: 'gpt-4o', stream: true });
  assert.match(res.headers.get('content-type'), /text\/event-stream/);
  const events = parseSse(await res.text());
  assertGrammar(events);
  assert.equal(fake.requests.at(-1).fixture, 'openai/responses/text-stream');
  const done = events.find((e) => e.json.type === 'response.output_text.done');
  assert.equal(done.json.text, 'Olá!');
});

test('openai responses: tools → function_call; function_call_output → follow-up', async () => {
  const body = await (await respond({ model: 'gpt-4o', tools: TOOLS })).json();
  assert.equal(body.output.at(-1).type, 'function_call');
  const stream = parseSse(await (await respond({ model: 'gpt-4o', tools: TOOLS, stream: true })).text());
  assertGrammar(stream);
  assert.ok(stream.some((e) => e.json.type === 'response.function_call_arguments.delta'));

  const input = [
    { role: 'user', content: 'weather?' },
    { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
  ];
  const followup = parseSse(await (await respond({ model: 'gpt-4o', tools: TOOLS, input, stream: true })).text());
  assertGrammar(followup);
  assert.equal(fake.requests.at(-1).fixture, 'openai/responses/tool-call-stream-followup');
  // non-stream follow-up: only a stream was recorded, so the JSON is its final response
  const json = await (await respond({ model: 'gpt-4o', tools: TOOLS, input })).json();
  assert.equal(json.object, 'response');
  assert.equal(json.status, 'completed');
  assert.equal(json.output[0].type, 'message');
  assert.equal(fake.requests.at(-1).synthesized, true);
});

test('openai responses: reasoning + tools, stream synthesized from the JSON recording', async () => {
  const res = await respond({ model: 'o4-mini', tools: TOOLS, reasoning: { effort: 'high' }, stream: true });
  const events = parseSse(await res.text());
  assertGrammar(events);
  assert.equal(fake.requests.at(-1).fixture, 'openai/responses/reasoning-summary-tool-call');
  assert.equal(fake.requests.at(-1).synthesized, true);
  const types = events.map((e) => e.json.type);
  assert.deepEqual(types.slice(2, 4), ['response.output_item.added', 'response.output_item.done']);
  const added = events.filter((e) => e.json.type === 'response.output_item.added').map((e) => e.json.item.type);
  assert.deepEqual(added, ['reasoning', 'function_call']);
  const args = events.filter((e) => e.json.type === 'response.function_call_arguments.delta').map((e) => e.json.delta);
  const argsDone = events.find((e) => e.json.type === 'response.function_call_arguments.done').json.arguments;
  assert.equal(args.join(''), argsDone);
  assert.equal(events.at(-1).json.response.usage.output_tokens_details.reasoning_tokens > 0, true);
  assert.ok(events[0].json.response.output.length === 0 && events[0].json.response.usage === null);
});

test('openai responses: forced fixtures, error stream, @no-finish, and errors as JSON', async () => {
  const err = parseSse(await (await respond({ model: 'fixture:responses/error-stream-insufficient-quota', stream: true })).text());
  assert.deepEqual(
    err.map((e) => e.event),
    ['response.created', 'response.in_progress', 'error', 'response.failed'],
  );
  const cut = parseSse(await (await respond({ model: 'gpt-4o@no-finish', stream: true })).text());
  assert.notEqual(cut.at(-1).json.type, 'response.completed');
  const bad = await respond({ model: 'fixture:responses/errors/400-invalid-temperature', stream: true });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.param, 'temperature');
  const denied = await respond({ model: 'gpt-4o' }, { authorization: 'Bearer nope' });
  assert.equal(denied.status, 401);
});

test('compatible mounts serve /responses too', async () => {
  const res = await respond({ model: 'grok-3-mini' }, AUTH.xai, '/xai/v1/responses');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).object, 'response');
});

test('azure responses: /openai/responses needs api-version, /openai/v1/responses does not; chunks get event lines', async () => {
  const missing = await respond({ model: 'my-deployment' }, AUTH.azure, '/azure/openai/responses');
  assert.equal(missing.status, 400);
  const json = await respond({ model: 'my-deployment' }, AUTH.azure, '/azure/openai/responses?api-version=2025-04-01-preview');
  assert.equal(json.status, 200);
  assert.ok(json.headers.get('apim-request-id'));
  assert.ok(Array.isArray((await json.json()).content_filters));
  assert.equal(fake.requests.at(-1).fixture, 'azure-openai/responses-text');
  const events = parseSse(await (await respond({ model: 'gpt-5.1', stream: true }, AUTH.azure, '/azure/openai/v1/responses')).text());
  assertGrammar(events);
  assert.equal(fake.requests.at(-1).fixture, 'azure-openai/responses-text-stream');
  const denied = await respond({ model: 'x' }, { 'api-key': 'wrong' }, '/azure/openai/v1/responses');
  assert.equal(denied.status, 401);
});
