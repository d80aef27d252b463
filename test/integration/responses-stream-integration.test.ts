/**
 * Streaming `/v1/responses` inside workerd with the official `openai` SDK's `responses.stream()`
 * helper (which validates the event grammar as it accumulates), against Anthropic, Gemini,
 * DeepSeek and OpenAI chat on the fake upstream; the store after a stream; a cache HIT replayed
 * as a Responses stream; a stream that dies upstream ends with `response.failed`.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, keyIdOf } from '../support/accounting';
import { GATEWAY_KEY } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';
import { checkResponsesGrammar, parseResponsesSse } from '../support/responses-grammar';
import { callWorker } from '../support/worker';

const openai = openaiClient();

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  strict: false,
};

const targets = [
  ['anthropic', 'claude-sonnet-4-5'],
  ['gemini', 'gemini-2.5-flash'],
  ['deepseek', 'deepseek-chat'],
  ['openai', 'gpt-4o-mini'],
] as const;

describe('responses.stream() against every provider family', () => {
  for (const [provider, base] of targets) {
    it(`${provider}: text, then a function tool loop continued from the stored stream`, async () => {
      const model = `${provider}/${uniqueModel(base)}`;
      const stream = openai.responses.stream({ model, input: 'Say hi' });
      const deltas: string[] = [];
      stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
      const final = await stream.finalResponse();
      expect(final.status).toBe('completed');
      expect(final.output_text).toBe(deltas.join(''));
      expect(final.output_text.length).toBeGreaterThan(0);
      expect(final.usage?.output_tokens).toBeGreaterThan(0);
      // stored before response.completed was sent: retrievable at once
      const retrieved = await openai.responses.retrieve(final.id);
      expect(retrieved.output.map((item) => item.id)).toEqual(final.output.map((item) => item.id));
      expect(retrieved.output_text).toBe(final.output_text);

      const withTool = await openai.responses.stream({ model, input: 'Weather in Florence?', tools: [weather] }).finalResponse();
      const call = withTool.output.find((item) => item.type === 'function_call');
      if (call?.type !== 'function_call') throw new Error(`${provider}: no function call`);
      expect(() => JSON.parse(call.arguments)).not.toThrow();
      const next = await openai.responses
        .stream({
          model,
          previous_response_id: withTool.id,
          input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' }],
          tools: [weather],
        })
        .finalResponse();
      expect(next.status).toBe('completed');
      expect(next.output_text.length).toBeGreaterThan(0);
    });
  }
});

describe('raw stream', () => {
  it('passes the grammar checker, and a cache HIT is replayed as a Responses stream', async () => {
    const model = `anthropic/${uniqueModel('claude-sonnet-4-5')}`;
    const body = { model, input: 'Say hi', stream: true, store: false };
    const headers = { 'x-switchboard-cache': 'on' };
    const first = await callWorker('/v1/responses', { method: 'POST', json: body, headers });
    const firstText = await first.response.text();
    await first.settled();
    const second = await callWorker('/v1/responses', { method: 'POST', json: body, headers });
    expect(first.response.headers.get('x-switchboard-cache')).toBe('MISS');
    expect(second.response.headers.get('x-switchboard-cache')).toBe('HIT');
    expect(second.response.headers.get('content-type')).toContain('text/event-stream');
    const replayed = checkResponsesGrammar(parseResponsesSse(await second.response.text()));
    const original = checkResponsesGrammar(parseResponsesSse(firstText));
    expect(replayed.status).toBe('completed');
    const textOf = (response: typeof original) =>
      response.output.flatMap((item) => (item.content as { text?: string }[] | undefined)?.map((part) => part.text) ?? []).join('');
    expect(textOf(replayed)).toBe(textOf(original));
    await second.settled();
  });

  it('an upstream that dies mid-stream ends with error and response.failed, never a silent stop', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const call = await callWorker('/v1/responses', {
      method: 'POST',
      json: { model: `anthropic/${model}@drop-after=4`, input: 'Say hi', stream: true, store: false },
    });
    expect(call.response.status).toBe(200);
    const events = parseResponsesSse(await call.response.text());
    checkResponsesGrammar(events);
    expect(events.slice(-2).map((event) => event.data.type)).toEqual(['error', 'response.failed']);
    await call.settled();
    expect(await sentFor(`${model}@drop-after=4`)).not.toHaveLength(0);
  });

  it('the SDK raises the failure', async () => {
    const model = `anthropic/${uniqueModel('claude-sonnet-4-5')}@drop-after=4`;
    await expect(openai.responses.stream({ model, input: 'Say hi', store: false }).finalResponse()).rejects.toThrow();
  });
});

describe('accounting', () => {
  it('one usage record and one archive per Responses request that reached a provider; none for a 400', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const model = uniqueModel('claude-sonnet-4-5');
    const calls = [];
    for (const stream of [false, true]) {
      const call = await callWorker('/v1/responses', { method: 'POST', json: { model: `anthropic/${model}`, input: 'Say hi', stream } });
      await call.response.text();
      await call.settled();
      calls.push(call.response.headers.get('x-request-id') ?? '');
    }
    const rejected = await callWorker('/v1/responses', {
      method: 'POST',
      json: { model: `anthropic/${model}`, input: 'hi', background: true },
    });
    expect(rejected.response.status).toBe(400);
    await rejected.settled();
    const rejectedId = rejected.response.headers.get('x-request-id') ?? '';

    expect(Object.values(await deliveriesOf(keyId, calls))).toEqual([1, 1]);
    expect(await ledgerFor(env, keyId).deliveries([rejectedId])).toEqual({});
    // Archives are filed by the queue consumer into batch objects, each found through the key's index.
    const archived = (id: string) =>
      vi.waitFor(
        async () => {
          const entry = await ledgerFor(env, keyId).archiveEntry(id);
          if (!entry) throw new Error(`${id} is not archived yet`);
          return entry;
        },
        { timeout: 10_000, interval: 20 },
      );
    for (const id of calls) expect((await archived(id))?.summary, id).toMatchObject({ attempts: '1' });
    // The refusal is archived too (visible in GET /v1/logs), with no provider attempt and no usage.
    const refusal = await archived(rejectedId);
    expect(refusal?.summary).toMatchObject({ attempts: '0', errorCode: 'unsupported_parameter' });
    expect(await sentFor(model)).toHaveLength(2);
  });
});
