// Fault directives carried in the model name: statuses and headers, timing, broken streams.
// Run: node --test test/fake-upstream/*.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUTH, chat, eventually, messages, parseSse, post, readAll, startFakeUpstream } from './testkit.mjs';

let fake;
before(async () => {
  fake = await startFakeUpstream();
});
after(() => fake.close());

const gemini = (model, headers = AUTH.gemini) =>
  post(fake, `/gemini/v1beta/models/${encodeURIComponent(model)}:generateContent`, { contents: [] }, headers);

test('@status=429@retry-after: OpenAI body, retry-after and Go-duration x-ratelimit resets', async () => {
  const res = await chat(fake, { model: 'gpt-4o-mini@status=429@retry-after=3' });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '3');
  assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
  assert.equal(res.headers.get('x-ratelimit-reset-requests'), '3s');
  assert.match(res.headers.get('x-ratelimit-reset-tokens'), /^(\d+m)?[\d.]+s$/);
  const body = await res.json();
  assert.equal(body.error.code, 'rate_limit_exceeded');
  assert.match(body.error.message, /try again in 3s/);
  assert.equal(fake.requests.at(-1).directives.status, 429);
});

test('@status=500/503 in OpenAI shape; 529 and 429 in Anthropic shape', async () => {
  for (const status of [500, 503]) {
    const res = await chat(fake, { model: `gpt-4o-mini@status=${status}` });
    assert.equal(res.status, status);
    const body = await res.json();
    assert.equal(body.error.type, 'server_error');
    assert.ok('param' in body.error && 'code' in body.error);
  }
  const overloaded = await messages(fake, { model: 'claude@status=529' });
  assert.equal(overloaded.status, 529);
  assert.equal((await overloaded.json()).error.type, 'overloaded_error');
  const limited = await messages(fake, { model: 'claude@status=429@retry-after=2' });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '2');
  const reset = limited.headers.get('anthropic-ratelimit-requests-reset');
  assert.match(reset, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Math.abs(Date.parse(reset) - Date.now() - 2000) < 5000);
  const body = await limited.json();
  assert.equal(body.type, 'error');
  assert.equal(body.error.type, 'rate_limit_error');
  assert.equal(body.request_id, limited.headers.get('request-id'));
});

test('Gemini 429 carries RetryInfo in the body; other families keep their shapes', async () => {
  const res = await gemini('gemini-2.5-flash@status=429@retry-after=7');
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), null);
  const body = await res.json();
  assert.equal(body.error.status, 'RESOURCE_EXHAUSTED');
  const info = body.error.details.find((d) => d['@type'].endsWith('RetryInfo'));
  assert.equal(info.retryDelay, '7s');
  const unavailable = await (await gemini('gemini-2.5-flash@status=503')).json();
  assert.equal(unavailable.error.status, 'UNAVAILABLE');

  const or = await chat(fake, { model: 'x@status=429' }, AUTH.openrouter, '/openrouter/api/v1');
  assert.equal(or.status, 429);
  assert.ok(Number(or.headers.get('x-ratelimit-reset')) > Date.now() - 1000, 'OpenRouter reset is epoch ms');
  assert.equal((await or.json()).error.code, 429);

  const azure = await post(
    fake,
    '/azure/openai/deployments/dep@status=429/chat/completions?api-version=2024-10-21',
    { messages: [] },
    AUTH.azure,
  );
  assert.equal(azure.status, 429);
  assert.equal(azure.headers.get('retry-after'), '1');
  assert.equal((await azure.json()).error.code, '429');
});

test('@first-byte-ms delays the headers (loose timing)', async () => {
  const start = Date.now();
  const res = await chat(fake, { model: 'gpt-4o-mini@first-byte-ms=300' });
  assert.ok(Date.now() - start >= 250, `took ${Date.now() - start} ms`);
  assert.equal(res.status, 200);
  await res.text();
});

test('@chunk-ms spaces the events out (loose timing)', async () => {
  const start = Date.now();
  const events = parseSse(await (await chat(fake, { model: 'gpt-4o-mini@chunk-ms=20', stream: true })).text());
  assert.ok(Date.now() - start >= (events.length - 1) * 20 * 0.7, `took ${Date.now() - start} ms for ${events.length} events`);
});

test('@drop-after=3 sends three events then destroys the socket', async () => {
  const res = await chat(fake, { model: 'gpt-4o-mini@drop-after=3', stream: true });
  assert.equal(res.status, 200);
  const { text, error } = await readAll(res);
  assert.ok(error, 'body read fails');
  assert.equal(parseSse(text).length, 3);
  assert.match(fake.requests.at(-1).dropped, /after 3/);
  assert.equal(fake.requests.at(-1).aborted, false, 'a server drop is not a client abort');
});

test('@malformed emits an unparseable event mid-stream and a truncated JSON body', async () => {
  const events = parseSse(await (await chat(fake, { model: 'gpt-4o-mini@malformed', stream: true })).text());
  const broken = events.filter((e) => e.data !== '[DONE]' && e.json === undefined);
  assert.equal(broken.length, 1);
  assert.notEqual(events.indexOf(broken[0]), 0);
  assert.equal(events.at(-1).data, '[DONE]');
  const anth = parseSse(await (await messages(fake, { model: 'claude@malformed', stream: true })).text());
  assert.equal(anth.filter((e) => e.json === undefined).length, 1);
  const res = await chat(fake, { model: 'gpt-4o-mini@malformed' });
  await assert.rejects(res.json());
});

test('@no-finish ends the stream cleanly without finish chunk or [DONE]', async () => {
  const res = await chat(fake, { model: 'gpt-4o-mini@no-finish', stream: true, stream_options: { include_usage: true } });
  const { text, error } = await readAll(res);
  assert.equal(error, undefined);
  const events = parseSse(text);
  assert.ok(events.length > 2);
  assert.ok(!events.some((e) => e.data === '[DONE]' || e.json?.choices?.[0]?.finish_reason || e.json?.usage));
  const anth = parseSse(await (await messages(fake, { model: 'claude@no-finish', stream: true })).text());
  assert.ok(!anth.some((e) => e.event === 'message_stop' || e.event === 'message_delta'));
  const gem = parseSse(
    await (await post(fake, '/gemini/v1beta/models/g@no-finish:streamGenerateContent?alt=sse', { contents: [] }, AUTH.gemini)).text(),
  );
  assert.ok(gem.length > 0 && !gem.some((e) => e.json?.candidates?.[0]?.finishReason));
});

test('@repeat=N repeats the content between the first event and the finish', async () => {
  const once = parseSse(await (await chat(fake, { model: 'gpt-4o-mini', stream: true })).text());
  const thrice = parseSse(await (await chat(fake, { model: 'gpt-4o-mini@repeat=3', stream: true })).text());
  const middle = once.findIndex((e) => e.data === '[DONE]' || e.json?.choices?.[0]?.finish_reason) - 1;
  assert.ok(middle > 0);
  assert.equal(thrice.length, once.length + 2 * middle);
  assert.deepEqual(thrice[0], once[0]);
  assert.deepEqual(thrice.slice(-2), once.slice(-2));
  assert.equal(thrice.filter((e) => e.json?.choices?.[0]?.finish_reason).length, 1);
  const gem = parseSse(
    await (await post(fake, '/gemini/v1beta/models/g@repeat=4:streamGenerateContent?alt=sse', { contents: [] }, AUTH.gemini)).text(),
  );
  assert.ok(gem.length > 4);
  assert.equal(gem.filter((e) => e.json?.candidates?.[0]?.finishReason).length, 1);
  assert.ok(gem.at(-1).json.candidates[0].finishReason);
  const anthOnce = parseSse(await (await messages(fake, { model: 'claude', stream: true })).text());
  const anth = parseSse(await (await messages(fake, { model: 'claude@repeat=3', stream: true })).text());
  const deltas = anthOnce.filter((e) => e.event === 'content_block_delta').length;
  assert.ok(deltas > 0);
  assert.equal(anth.length, anthOnce.length + 2 * deltas);
  assert.equal(
    anth.filter((e) => e.event === 'content_block_start').length,
    anthOnce.filter((e) => e.event === 'content_block_start').length,
  );
});

test('@reset destroys the socket before any response', async () => {
  await assert.rejects(chat(fake, { model: 'gpt-4o-mini@reset' }));
  assert.equal(fake.requests.at(-1).dropped, 'reset');
});

test('@hang never answers; the client abort is recorded', async () => {
  const ac = new AbortController();
  const pending = post(fake, '/openai/v1/chat/completions', { model: 'gpt-4o-mini@hang', messages: [] }, AUTH.openai, {
    signal: ac.signal,
  });
  assert.ok(await eventually(() => fake.requests.at(-1)?.hung));
  ac.abort();
  await assert.rejects(pending);
  const entry = fake.requests.at(-1);
  assert.ok(await eventually(() => entry.aborted), 'aborted recorded');
});

test('client abort mid-stream stops writing and is recorded', async () => {
  const ac = new AbortController();
  const res = await post(
    fake,
    '/openai/v1/chat/completions',
    { model: 'gpt-4o-mini@chunk-ms=50', stream: true, messages: [] },
    AUTH.openai,
    { signal: ac.signal },
  );
  const reader = res.body.getReader();
  await reader.read();
  ac.abort();
  const entry = fake.requests.at(-1);
  assert.ok(await eventually(() => entry.aborted));
  const sent = entry.eventsSent;
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(entry.eventsSent, sent, 'no more events written after the abort');
});

test('directives combine and unknown @parts stay in the model', async () => {
  const start = Date.now();
  const res = await chat(fake, { model: 'gpt-4o-mini@first-byte-ms=100@status=503@retry-after=4' });
  assert.ok(Date.now() - start >= 80);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '4');
  await res.text();
  const ok = await messages(fake, { model: 'claude-3-5-sonnet@20240620' });
  assert.equal(ok.status, 200);
  assert.deepEqual(fake.requests.at(-1).directives, {});
});
