/**
 * Accounting end to end under `wrangler dev` (real local Queues, R2 and Durable Objects):
 * nothing that reached a provider is lost under a concurrent mix, the CSV export is the JSON
 * report, and the retention cron (`/cdn-cgi/handler/scheduled` under wrangler dev) deletes exactly the
 * archives past the cut-off. The mix runs on a key of its own, so its usage and logs are
 * exactly its requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startLocalGateway } from '../../scripts/local-gateway.mjs';
import type { LogListing } from '../../src/lib/archive/read';
import type { UsageGroup } from '../../src/lib/usage/report';
import { parseCsv } from '../support/csv';
import { createGatewayKey } from './support/admin';
import { keyIdOf, type SeededArchive, seedArchives } from './support/archive-seed';
import { PRICE, PRICED_MODEL } from './support/gateway-config';
import { archivedRequest, tag, upstreamCalls, usageReport, usageRowsOnce } from './support/gateway-reads';
import { recordedTokens } from './support/recorded-usage';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const messages = [{ role: 'user' as const, content: 'Count from 1 to 5' }];

type Kind = 'json' | 'stream' | 'error' | 'broken' | 'disconnect';
const COUNTS: Record<Kind, number> = { json: 5, stream: 5, error: 3, broken: 4, disconnect: 3 };
const TOTAL = Object.values(COUNTS).reduce((sum, count) => sum + count, 0);

interface Sent {
  kind: Kind;
  requestId: string;
  /** What the client was told it used (json and stream only). */
  usage?: OpenAI.CompletionUsage;
}

async function send(client: OpenAI, kind: Kind, model: string): Promise<Sent> {
  if (kind === 'json') {
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    return { kind, requestId: response.headers.get('x-request-id') ?? '', usage: data.usage };
  }
  if (kind === 'error') {
    const failure = (await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(failure.status).toBe(502);
    return { kind, requestId: failure.headers?.get('x-request-id') ?? '' };
  }
  const controller = new AbortController();
  const { data: stream, response } = await client.chat.completions
    .create({ model, messages, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal })
    .withResponse();
  let usage: OpenAI.CompletionUsage | undefined;
  let chunks = 0;
  const reading = (async () => {
    for await (const chunk of stream) {
      chunks++;
      usage = chunk.usage ?? usage;
      // A client that goes away after its first chunk (the SDK ends the iteration quietly).
      if (kind === 'disconnect') controller.abort();
    }
  })();
  if (kind === 'broken') await expect(reading).rejects.toThrow(/stream broke/);
  else await reading;
  if (kind === 'disconnect') expect(chunks).toBe(1);
  return { kind, requestId: response.headers.get('x-request-id') ?? '', usage };
}

/** CSV rows as objects, numbers compared with the JSON's (empty cell = null). */
function csvRecords(text: string): Record<string, string | number | null>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) =>
    Object.fromEntries(
      (header ?? []).map((name, index) => {
        const cell = row[index] ?? '';
        return [name, cell === '' ? null : Number.isNaN(Number(cell)) ? cell : Number(cell)];
      }),
    ),
  );
}

describe('accounting under a concurrent mix (wrangler dev)', () => {
  const id = tag();
  const models: Record<Kind, string> = {
    json: `acct-json-${id}`,
    stream: `acct-stream-${id}`,
    error: `acct-error-${id}@status=500`,
    broken: `acct-broken-${id}@drop-after=2`,
    disconnect: `acct-gone-${id}@chunk-ms=50`,
  };
  let key = '';
  let sent: Sent[] = [];
  let rejectedId = '';
  let rows: UsageGroup[] = [];
  const row = (kind: Kind) => rows.find((entry) => entry.model === `openai/${models[kind]}`);

  beforeAll(async () => {
    key = (await createGatewayKey(gatewayUrl, `e2e-accounting-${id}`)).key;
    const client = new OpenAI({ apiKey: key, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
    const kinds = (Object.keys(COUNTS) as Kind[]).flatMap((kind) => Array.from({ length: COUNTS[kind] }, () => kind));
    // Refused before any provider is called (temperature out of range for a translated target; an OpenAI
    // target would get the body as written on the same-dialect lane): not accounted, archived as a refusal.
    const rejected = client.chat.completions.create({ model: `anthropic/acct-refused-${id}`, messages, temperature: 3 }).then(
      () => '',
      (caught: InstanceType<typeof OpenAI.APIError>) => caught.headers?.get('x-request-id') ?? '',
    );
    [sent, rejectedId] = await Promise.all([Promise.all(kinds.map((kind) => send(client, kind, `openai/${models[kind]}`))), rejected]);
    rows = await usageRowsOnce(gatewayUrl, key, id, TOTAL);
  });

  it('leaves exactly one usage record per request that reached a provider', async () => {
    expect(new Set(sent.map((request) => request.requestId)).size).toBe(TOTAL);
    expect(rejectedId).toMatch(/^req_/);
    const report = await usageReport(gatewayUrl, key);
    expect(report.totals.requests).toBe(TOTAL);
    for (const kind of Object.keys(COUNTS) as Kind[]) expect(row(kind)?.requests, kind).toBe(COUNTS[kind]);
    // Each 500 was retried once on its target: two provider calls, still one record per request.
    expect(await upstreamCalls(upstreamUrl, models.error)).toHaveLength(2 * COUNTS.error);
    expect(row('error')).toMatchObject({ failures: COUNTS.error, prompt_tokens: 0, completion_tokens: 0 });
    expect(row('broken')).toMatchObject({ failures: COUNTS.broken, estimated_requests: COUNTS.broken });
    expect(row('disconnect')).toMatchObject({ cancelled: COUNTS.disconnect, estimated_requests: COUNTS.disconnect });
    const gone = await upstreamCalls(upstreamUrl, models.disconnect);
    expect(gone.map((call) => call.aborted)).toEqual(gone.map(() => true));
  });

  it('accounts the tokens the fake upstream’s recordings report, as the clients were told', async () => {
    for (const kind of ['json', 'stream'] as const) {
      const served = await upstreamCalls(upstreamUrl, models[kind]);
      expect(served).toHaveLength(COUNTS[kind]);
      const recorded = served.map((call) => recordedTokens(String((call as { fixture?: string }).fixture)));
      const prompt = recorded.reduce((sum, tokens) => sum + tokens.prompt, 0);
      const completion = recorded.reduce((sum, tokens) => sum + tokens.completion, 0);
      expect(prompt).toBeGreaterThan(0);
      expect(row(kind), kind).toMatchObject({ successes: COUNTS[kind], prompt_tokens: prompt, completion_tokens: completion });
      expect(row(kind)?.estimated_requests).toBe(0);
      const told = sent.filter((request) => request.kind === kind);
      expect(told.reduce((sum, request) => sum + (request.usage?.prompt_tokens ?? 0), 0)).toBe(prompt);
      expect(told.reduce((sum, request) => sum + (request.usage?.completion_tokens ?? 0), 0)).toBe(completion);
    }
  });

  it('archives one object per request, listed by GET /v1/logs, the refusal included', async () => {
    const listing = await vi.waitUntil(
      async () => {
        const response = await fetch(`${gatewayUrl}/v1/logs?limit=100`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await response.json()) as LogListing;
        return body.data.length >= TOTAL + 1 ? body : undefined;
      },
      { timeout: 15_000, interval: 100 },
    );
    const refusal = listing.data.find((entry) => entry.request_id === rejectedId);
    expect(refusal).toMatchObject({ status: 400, attempts: 0 });
    listing.data = listing.data.filter((entry) => entry.request_id !== rejectedId);
    expect(listing.data.map((entry) => entry.request_id).sort()).toEqual(sent.map((request) => request.requestId).sort());
    expect(listing.data.filter((entry) => entry.stream)).toHaveLength(COUNTS.stream + COUNTS.broken + COUNTS.disconnect);
    const cancelled = sent.find((request) => request.kind === 'disconnect');
    expect(await archivedRequest(gatewayUrl, key, cancelled?.requestId ?? '')).toMatchObject({ cancelled: true });
    expect(await archivedRequest(gatewayUrl, key, rejectedId)).toMatchObject({ rejected: true, status: 400, attempts: [] });
  });

  it('exports CSV that a strict RFC 4180 reader parses into exactly the JSON rows', async () => {
    for (const groupBy of ['model', 'day'] as const) {
      const json = await usageReport(gatewayUrl, key, `group_by=${groupBy}`);
      const response = await fetch(`${gatewayUrl}/v1/usage?group_by=${groupBy}&format=csv`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(csvRecords(await response.text())).toEqual(json.data.map((entry) => ({ ...entry })));
      expect(json.data.reduce((sum, entry) => sum + entry.requests, 0)).toBe(TOTAL);
    }
  });
});

describe('cost from the gateway config (wrangler dev)', () => {
  it("prices a request's tokens with the SWITCHBOARD_CONFIG pricing override", async () => {
    const { key } = await createGatewayKey(gatewayUrl, `e2e-priced-${tag()}`);
    const client = new OpenAI({ apiKey: key, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: PRICED_MODEL, messages });
    const [priced] = await usageRowsOnce(gatewayUrl, key, 'e2e-priced', 1);
    const prompt = completion.usage?.prompt_tokens ?? 0;
    const output = completion.usage?.completion_tokens ?? 0;
    expect(prompt).toBeGreaterThan(0);
    expect(priced).toMatchObject({ model: PRICED_MODEL, prompt_tokens: prompt, completion_tokens: output });
    expect(priced?.cost_usd).toBeCloseTo((prompt * PRICE.input + output * PRICE.output) / 1_000_000, 9);
  });
});

describe('retention cron under wrangler dev', () => {
  const KEY = 'sb-dev-key-1';
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  let persistTo = '';
  let seeded: SeededArchive[] = [];
  let gateway: Awaited<ReturnType<typeof startLocalGateway>> | undefined;

  beforeAll(async () => {
    persistTo = await mkdtemp(join(tmpdir(), 'switchboard-retention-'));
    const now = Date.now();
    // Two archives past a 7-day retention, one inside it.
    seeded = await seedArchives(persistTo, keyIdOf(KEY), [now - 9 * DAY, now - 8 * DAY - 2 * HOUR, now - 5 * DAY]);
    gateway = await startLocalGateway({ persistTo, env: { SWITCHBOARD_CONFIG: JSON.stringify({ archive: { retentionDays: 7 } }) } });
  });

  afterAll(async () => {
    await gateway?.stop();
    if (persistTo) await rm(persistTo, { recursive: true, force: true });
  });

  const logIds = async (url: string) => {
    const response = await fetch(`${url}/v1/logs?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
    return ((await response.json()) as LogListing).data.map((entry) => entry.request_id);
  };

  it('GET /cdn-cgi/handler/scheduled runs the cron: archives past the cut-off go, newer ones stay, one structured log line says so', async () => {
    const url = gateway?.url ?? '';
    const live = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `openai/gpt-4o-mini-${tag()}`, messages }),
    });
    const liveId = live.headers.get('x-request-id') ?? '';
    await live.text();
    await archivedRequest(url, KEY, liveId);
    expect(await logIds(url)).toEqual([...seeded.map((archive) => archive.requestId), liveId]);

    const before = Date.now();
    // Served by Miniflare ahead of the app (wrangler dev's trigger handlers): no gateway key needed.
    // (The Worker is uploaded as built, so wrangler's bundling-time `--test-scheduled` /__scheduled is not there.)
    const run = await fetch(`${url}/cdn-cgi/handler/scheduled?cron=17+*+*+*+*`);
    expect(run.status).toBe(200);
    await run.text();
    const line = await vi.waitUntil(
      () =>
        (gateway?.output() ?? '')
          .split('\n')
          .filter((text) => text.includes('"event":"archive.retention"'))
          .map((text) => JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Record<string, unknown>)[0],
      { timeout: 10_000, interval: 50 },
    );
    expect(line).toMatchObject({
      level: 'info',
      retentionDays: 7,
      deleted: 2,
      markersDeleted: 2,
      complete: true,
      oldestKept: seeded[2]?.path,
    });
    const cutoff = Date.parse(String(line.cutoff));
    expect(cutoff).toBeGreaterThanOrEqual(before - 7 * DAY);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - 7 * DAY);

    expect(await logIds(url)).toEqual([seeded[2]?.requestId, liveId]);
    const logStatus = async (requestId: string) =>
      (await fetch(`${url}/v1/logs/${requestId}`, { headers: { authorization: `Bearer ${KEY}` } })).status;
    expect(await logStatus(seeded[0]?.requestId ?? '')).toBe(404);
    expect(await logStatus(seeded[2]?.requestId ?? '')).toBe(200);
    expect(await logStatus(liveId)).toBe(200);
  });
});
