/** One structured JSON log line per request: ids, counts and timings, never content or secrets. */
import { describe, expect, it, vi } from 'vitest';
import { keyIdOf, readAll, unique } from '../support/accounting';
import { GATEWAY_KEY } from '../support/gateway';
import { callWorker, envWith } from '../support/worker';

describe('request log line', () => {
  it('logs one JSON line per request with no message content and no secrets', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const word = `content-${crypto.randomUUID()}`;
    const model = unique('log');
    const call = await callWorker('/v1/chat/completions', {
      // The test runs turn the request log off (vitest.config.ts); this test turns it on.
      env: envWith({ SWITCHBOARD_REQUEST_LOG: 'on' }),
      method: 'POST',
      json: { model: `openai/${model}`, stream: true, messages: [{ role: 'user', content: word }] },
    });
    await readAll(call.response);
    await call.settled();
    const requestId = call.response.headers.get('x-request-id');
    const lines = log.mock.calls.map(([line]) => String(line));
    log.mockRestore();
    const mine = lines.filter((line) => line.includes(requestId ?? '-'));
    expect(mine).toHaveLength(1);
    const entry = JSON.parse(mine[0] ?? '{}');
    expect(entry).toMatchObject({
      level: 'info',
      event: 'request',
      requestId,
      keyId: await keyIdOf(GATEWAY_KEY),
      provider: 'openai',
      model,
      status: 200,
      outcome: 'success',
      estimated: false,
    });
    expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
    expect(entry.tokens.prompt).toBeGreaterThan(0);
    for (const forbidden of [word, 'sk-fake-openai', GATEWAY_KEY]) expect(mine[0]).not.toContain(forbidden);
  });
});

describe('request log switch', () => {
  it('SWITCHBOARD_REQUEST_LOG=off writes no line (the quiet test runs)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const call = await callWorker('/v1/chat/completions', {
      env: envWith({ SWITCHBOARD_REQUEST_LOG: 'off' }),
      method: 'POST',
      json: { model: `openai/${unique('quiet')}`, messages: [{ role: 'user', content: 'hi' }] },
    });
    await readAll(call.response);
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '-';
    const lines = log.mock.calls.map(([line]) => String(line));
    log.mockRestore();
    expect(call.response.status).toBe(200);
    expect(lines.filter((line) => line.includes(requestId))).toEqual([]);
  });
});
