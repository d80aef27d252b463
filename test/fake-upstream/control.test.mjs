// Control API: scripted sequences, request log, reset, latency.
// Run: node --test test/fake-upstream/*.test.mjs
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { AUTH, chat, messages, post, startFakeUpstream } from './testkit.mjs';

let fake;
before(async () => {
  fake = await startFakeUpstream();
});
after(() => fake.close());
beforeEach(async () => {
  await post(fake, '/__fake/reset', {});
});

const control = async (method, path, body) => {
  const res = await fetch(fake.url + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

test('script: queued directives are consumed in order, then default behaviour', async () => {
  const added = await control('POST', '/__fake/script', { match: 'retry-me', responses: ['@status=500', '@status=503', 'ok'] });
  assert.deepEqual(added, { status: 200, body: { ok: true, queued: 3 } });
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    const res = await chat(fake, { model: 'gpt-4o-retry-me' });
    statuses.push(res.status);
    await res.text();
  }
  assert.deepEqual(statuses, [500, 503, 200, 200]);
  assert.deepEqual(
    fake.requests.map((r) => r.scripted),
    [true, true, true, false],
  );
  assert.deepEqual((await control('GET', '/__fake/script')).body, []);
});

test('script: non-matching models are untouched; concurrent requests each take one entry', async () => {
  await control('POST', '/__fake/script', { match: 'claude', responses: ['@status=529', '@status=529'] });
  const other = await chat(fake, { model: 'gpt-4o-mini' });
  assert.equal(other.status, 200);
  await other.text();
  const results = await Promise.all(
    [1, 2, 3].map(async () => {
      const res = await messages(fake, { model: 'claude-sonnet-4-5' });
      await res.text();
      return res.status;
    }),
  );
  assert.deepEqual(results.sort(), [200, 529, 529]);
});

test('script: entries may force fixtures; bad specs are rejected', async () => {
  await control('POST', '/__fake/script', { match: 'gpt', responses: ['fixture:chat/parallel-tool-calls'] });
  const body = await (await chat(fake, { model: 'gpt-4o' })).json();
  assert.equal(body.choices[0].message.tool_calls.length, 2);
  const bad = await control('POST', '/__fake/script', { match: 'x', responses: 'nope' });
  assert.equal(bad.status, 400);
});

test('request log records path, query, lowercased headers, credentials and body', async () => {
  await chat(fake, { model: 'gpt-4o-mini', temperature: 0 }, { ...AUTH.openai, 'X-Custom': 'Yes' }).then((r) => r.text());
  await post(fake, '/azure/openai/deployments/my-dep/chat/completions?api-version=2024-10-21', { messages: [] }, AUTH.azure).then((r) =>
    r.text(),
  );
  await post(fake, '/gemini/v1beta/models/gemini-2.5-flash:generateContent', { contents: [] }, {}).then((r) => r.text());
  const { body: log } = await control('GET', '/__fake/requests');
  assert.equal(log.length, 3, 'control calls are not logged');
  const [oa, az, gm] = log;
  assert.equal(oa.method, 'POST');
  assert.equal(oa.path, '/openai/v1/chat/completions');
  assert.equal(oa.headers['x-custom'], 'Yes');
  assert.deepEqual(oa.auth, { header: 'authorization', present: true, value: 'Bearer sk-fake-openai' });
  assert.equal(oa.body.temperature, 0);
  assert.equal(oa.family, 'openai');
  assert.equal(typeof oa.at, 'number');
  assert.equal(oa.aborted, false);
  assert.equal(oa.status, 200);
  assert.deepEqual(az.query, { 'api-version': '2024-10-21' });
  assert.equal(az.model, 'my-dep');
  assert.equal(az.auth.value, 'fake-azure-key');
  assert.deepEqual(gm.auth, { header: 'x-goog-api-key', present: false, value: null });
  assert.equal(gm.status, 403);

  assert.equal((await control('DELETE', '/__fake/requests')).status, 200);
  assert.deepEqual((await control('GET', '/__fake/requests')).body, []);
});

test('reset clears scripts and log; in-process reset() keeps the same array', async () => {
  await control('POST', '/__fake/script', { match: '', responses: ['@status=500'] });
  await chat(fake, { model: 'gpt-4o-mini' }).then((r) => r.text());
  assert.equal(fake.requests.length, 1);
  const log = fake.requests;
  fake.reset();
  assert.equal(log.length, 0);
  assert.equal(fake.requests, log);
  await control('POST', '/__fake/script', { match: '', responses: ['@status=500'] });
  await control('POST', '/__fake/reset', {});
  assert.equal((await chat(fake, { model: 'gpt-4o-mini' })).status, 200);
});

test('unknown paths answer 404 and are logged; health and fixtures list', async () => {
  const res = await post(fake, '/openai/v2/nothing', {}, AUTH.openai);
  assert.equal(res.status, 404);
  assert.equal(fake.requests.at(-1).path, '/openai/v2/nothing');
  const health = (await control('GET', '/__fake/health')).body;
  assert.equal(health.fake, true);
  assert.ok(health.fixtures > 50);
  assert.ok((await control('GET', '/__fake/fixtures')).body.includes('anthropic/thinking-stream'));
});

test('latencyMs delays every response (option and /__fake/config)', async () => {
  const slow = await startFakeUpstream({ latencyMs: 120 });
  try {
    const start = Date.now();
    const res = await chat(slow, { model: 'gpt-4o-mini' });
    await res.text();
    assert.ok(Date.now() - start >= 100, `took ${Date.now() - start} ms`);
  } finally {
    await slow.close();
  }
  await control('POST', '/__fake/config', { latencyMs: 100 });
  const start = Date.now();
  await chat(fake, { model: 'gpt-4o-mini' }).then((r) => r.text());
  assert.ok(Date.now() - start >= 80);
  await control('POST', '/__fake/config', { latencyMs: 0 });
});

test('custom keys replace the defaults per provider', async () => {
  const custom = await startFakeUpstream({ keys: { openai: 'sk-custom' } });
  try {
    assert.equal((await chat(custom, { model: 'm' })).status, 401);
    assert.equal((await chat(custom, { model: 'm' }, { authorization: 'Bearer sk-custom' })).status, 200);
    assert.equal((await messages(custom, { model: 'claude' })).status, 200, 'other defaults kept');
  } finally {
    await custom.close();
  }
});
