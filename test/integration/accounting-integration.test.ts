/**
 * Nothing that reached a provider is lost: under a concurrent mix of streams, non-streams,
 * upstream errors, broken streams and client disconnects, every request leaves exactly one
 * usage event in the ledger and one archived record, and the token totals are the ones the
 * fake upstream's recordings report.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { archivedBytes, deliveriesOf, disconnectAfterFirstChunk, keyIdOf, rawArchiveText, readAll, unique } from '../support/accounting';
import { fixture, fixtureJson } from '../support/fixtures';
import { GATEWAY_KEY } from '../support/gateway';
import { callWorker, envWith } from '../support/worker';

interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What the fake upstream answers a plain chat request with (test/fake-upstream/openai.mjs TEXT lists). */
const jsonUsage = fixtureJson<{ usage: OpenAIUsage }>('openai/chat/text-with-ratelimit-headers.json').usage;
const streamUsage = fixture('openai/chat/text-stream-include-usage.sse')
  .split('\n')
  .filter((line) => line.startsWith('data: {'))
  .map((line) => JSON.parse(line.slice(6)) as { usage?: OpenAIUsage | null })
  .findLast((chunk) => chunk.usage)?.usage as OpenAIUsage;

type Kind = 'json' | 'stream' | 'error' | 'broken' | 'disconnect';
const PER_KIND = 3;

function requestFor(kind: Kind, model: string) {
  const messages = [{ role: 'user', content: 'Count from 1 to 5' }];
  if (kind === 'json' || kind === 'error') return { model, messages };
  return { model, messages, stream: true };
}

async function consume(kind: Kind, response: Response): Promise<void> {
  if (kind === 'disconnect') await disconnectAfterFirstChunk(response);
  else await readAll(response);
}

describe('accounting under a concurrent mix', () => {
  it('produces exactly one usage event and one archive per request that reached a provider', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const models: Record<Kind, string> = {
      json: unique('json'),
      stream: unique('stream'),
      error: `${unique('error')}@status=500`,
      broken: `${unique('broken')}@drop-after=2`,
      disconnect: `${unique('disconnect')}@chunk-ms=20`,
    };
    const kinds = (Object.keys(models) as Kind[]).flatMap((kind) => Array.from({ length: PER_KIND }, () => kind));
    const calls = await Promise.all(
      kinds.map(async (kind) => {
        const call = await callWorker('/v1/chat/completions', { method: 'POST', json: requestFor(kind, `openai/${models[kind]}`) });
        await consume(kind, call.response);
        await call.settled();
        return { kind, requestId: call.response.headers.get('x-request-id') ?? '', status: call.response.status };
      }),
    );
    // A request rejected before any provider is contacted (provider not configured) is archived, not accounted.
    const rejected = await callWorker('/v1/chat/completions', { method: 'POST', json: requestFor('json', 'together/llama-3-8b') });
    await readAll(rejected.response);
    await rejected.settled();
    expect(rejected.response.status).toBeGreaterThanOrEqual(400);
    const rejectedId = rejected.response.headers.get('x-request-id') ?? '';

    const ids = calls.map((call) => call.requestId);
    expect(new Set(ids).size).toBe(kinds.length);
    expect(calls.filter((call) => call.kind === 'error').every((call) => call.status === 502)).toBe(true);

    // Usage events: each request id delivered to the ledger exactly once.
    const deliveries = await deliveriesOf(keyId, ids);
    expect(Object.values(deliveries)).toEqual(ids.map(() => 1));
    expect(await ledgerFor(env, keyId).deliveries([rejectedId])).toEqual({});

    // Archives: carried by the same queue messages, written by the consumer into batch objects, each indexed.
    for (const id of ids) {
      const { entry, bytes } = await archivedBytes(keyId, id);
      expect(bytes.byteLength, id).toBe(entry.length);
      expect(await env.ARCHIVE.head(entry.object), id).not.toBeNull();
    }
    // The refusal is archived too (its own queue message, no usage), with why it was refused.
    const refusal = await vi.waitFor(
      async () => {
        const entry = await ledgerFor(env, keyId).archiveEntry(rejectedId);
        if (!entry) throw new Error('the refusal is not archived yet');
        return entry;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(refusal?.summary).toMatchObject({ attempts: '0', errorCode: 'provider_not_configured' });

    const today = utcDay(Date.now());
    const rows = await ledgerFor(env, keyId).rows(today, today);
    const row = (kind: Kind) => rows.find((entry) => entry.model === models[kind]);
    expect(rows.filter((entry) => Object.values(models).includes(entry.model)).reduce((sum, entry) => sum + entry.requests, 0)).toBe(
      kinds.length,
    );
    expect(row('json')).toMatchObject({
      requests: PER_KIND,
      successes: PER_KIND,
      prompt_tokens: PER_KIND * jsonUsage.prompt_tokens,
      completion_tokens: PER_KIND * jsonUsage.completion_tokens,
      estimated_requests: 0,
    });
    expect(row('stream')).toMatchObject({
      requests: PER_KIND,
      successes: PER_KIND,
      prompt_tokens: PER_KIND * streamUsage.prompt_tokens,
      completion_tokens: PER_KIND * streamUsage.completion_tokens,
      estimated_requests: 0,
    });
    // The provider failed: a failure, and no tokens were used.
    expect(row('error')).toMatchObject({ requests: PER_KIND, failures: PER_KIND, prompt_tokens: 0, completion_tokens: 0 });
    // Cut off before the usage chunk: a failure, counted by the estimator and marked as such.
    expect(row('broken')).toMatchObject({ requests: PER_KIND, failures: PER_KIND, estimated_requests: PER_KIND });
    expect(row('broken')?.prompt_tokens).toBeGreaterThan(0);
    expect(row('disconnect')).toMatchObject({ requests: PER_KIND, cancelled: PER_KIND, estimated_requests: PER_KIND });
    expect(row('disconnect')?.prompt_tokens).toBeGreaterThan(0);
  });

  it('prices usage from the config override, cached input at the cache-read price', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const model = unique('priced');
    const price = { input: 2, output: 10, cacheRead: 0.5 };
    const pricedEnv = envWith({ SWITCHBOARD_CONFIG: JSON.stringify({ pricing: { [`openai/${model}`]: price } }) });
    const call = await callWorker('/v1/chat/completions', { method: 'POST', json: requestFor('json', `openai/${model}`), env: pricedEnv });
    await readAll(call.response);
    await call.settled();
    const requestId = call.response.headers.get('x-request-id') ?? '';
    await deliveriesOf(keyId, [requestId]);
    const today = utcDay(Date.now());
    const row = (await ledgerFor(env, keyId).rows(today, today)).find((entry) => entry.model === model);
    const expectedUsd = (jsonUsage.prompt_tokens * price.input + jsonUsage.completion_tokens * price.output) / 1_000_000;
    expect(row?.cost_nano_usd).toBe(Math.round(expectedUsd * 1e9));
  });

  it('archives a client disconnect as cancelled, with what the client did receive', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: requestFor('disconnect', `openai/${unique('gone')}@chunk-ms=20`),
    });
    await disconnectAfterFirstChunk(call.response);
    await call.settled();
    const record = JSON.parse((await rawArchiveText(keyId, call.response.headers.get('x-request-id') ?? '')) ?? '{}');
    expect(record).toMatchObject({ cancelled: true, client: { completed: false, cancelled: true } });
    expect(record.client.stream.chunkCount).toBeGreaterThan(0);
  });
});
