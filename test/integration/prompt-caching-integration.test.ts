/**
 * Prompt caching end to end: `cache_control` breakpoints (and their ttl) reach Anthropic from
 * chat completions (translated lane) as they do from `/v1/messages` (same-dialect lane, see
 * same-dialect-integration), `prompt_cache_key` reaches OpenAI, and the provider's cache reads
 * and writes land in the ledger from both lanes.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, keyIdOf } from '../support/accounting';
import { GATEWAY_KEY, upstreamRequests } from '../support/gateway';
import { callWorker } from '../support/worker';

const marker = () => `pc-${crypto.randomUUID().slice(0, 8)}`;

async function ledgerRow(requestId: string, model: string) {
  const keyId = await keyIdOf(GATEWAY_KEY);
  expect(await deliveriesOf(keyId, [requestId])).toEqual({ [requestId]: 1 });
  const today = utcDay(Date.now());
  return (await ledgerFor(env, keyId).rows(today, today)).find((row) => row.model === model);
}

describe('prompt caching', () => {
  it('chat completions → Anthropic: content-part cache_control becomes Anthropic breakpoints, ttl kept', async () => {
    const mark = marker();
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: 'anthropic/claude-sonnet-4-5',
        messages: [
          { role: 'system', content: [{ type: 'text', text: `Long system ${mark}`, cache_control: { type: 'ephemeral', ttl: '1h' } }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Context', cache_control: { type: 'ephemeral' } },
              { type: 'text', text: 'Question' },
            ],
          },
        ],
      },
    });
    expect(call.response.status).toBe(200);
    await call.response.text();
    await call.settled();
    const [sent] = (await upstreamRequests()).filter((request) => request.rawBody?.includes(mark));
    expect(sent?.body).toMatchObject({
      system: [{ type: 'text', text: `Long system ${mark}`, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Context', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Question' },
          ],
        },
      ],
    });
    const sentMessages = (sent?.body.messages ?? []) as { content: Record<string, unknown>[] }[];
    expect(sentMessages[0]?.content[1]).not.toHaveProperty('cache_control');
  });

  it('chat completions → Anthropic (translated): cache writes are accounted', async () => {
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: 'anthropic/fixture:cache-write-max-tokens-stream',
        stream: true,
        messages: [{ role: 'user', content: [{ type: 'text', text: marker(), cache_control: { type: 'ephemeral' } }] }],
      },
    });
    await call.response.text();
    await call.settled();
    const row = await ledgerRow(call.response.headers.get('x-request-id') ?? '', 'fixture:cache-write-max-tokens-stream');
    expect(row?.cache_write_tokens).toBeGreaterThanOrEqual(18639);
  });

  it('chat completions → DeepSeek (same dialect): prompt_cache_key passes, cache reads are accounted', async () => {
    const mark = marker();
    const model = 'fixture:json-mode';
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: `deepseek/${model}`, prompt_cache_key: mark, messages: [{ role: 'user', content: 'Weather as JSON' }] },
    });
    await call.response.text();
    await call.settled();
    const [sent] = (await upstreamRequests()).filter((request) => request.rawBody?.includes(mark));
    expect(sent?.body).toMatchObject({ prompt_cache_key: mark });
    const row = await ledgerRow(call.response.headers.get('x-request-id') ?? '', model);
    expect(row?.cached_tokens).toBeGreaterThan(0);
  });
});
