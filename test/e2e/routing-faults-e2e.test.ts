/**
 * The routing fault matrix end to end: the official `openai` and `@anthropic-ai/sdk` clients →
 * Switchboard under `wrangler dev` → the fake upstream. Every fault asserts the calls made
 * (`x-switchboard-attempts` and the fake's request log), the target that served, the final
 * status and error shape, and what was accounted: one archive whose attempts match the calls,
 * and one usage record, for the served model, with the tokens the provider reported.
 * Backoff is a few ms (test/e2e/support/gateway-config.ts); routes come in `x-switchboard-route`.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';
import { archivedRequest, script, tag, upstreamCalls, usageRowsOnce } from './support/gateway-reads';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const KEY = 'sb-dev-key-1';
const openai = new OpenAI({ apiKey: KEY, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: KEY, baseURL: gatewayUrl, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Count from 1 to 5' }];

/** `openai/gpt-4o-mini-<id><suffix>, deepseek/deepseek-chat-<id>`: models no other test uses. */
const pair = (id: string, openaiSuffix = '') => ({
  'x-switchboard-route': `openai/gpt-4o-mini-${id}${openaiSuffix}, deepseek/deepseek-chat-${id}`,
});
const families = async (match: string) => (await upstreamCalls(upstreamUrl, match)).map((call) => call.family);

type OpenAIError = InstanceType<typeof OpenAI.APIError>;

/** One usage record for the request, on the served model, with exactly the tokens it reported. */
async function expectAccountedOnce(id: string, servedModel: string, usage: { prompt: number; completion: number }, outcome = 'successes') {
  const rows = await usageRowsOnce(gatewayUrl, KEY, id, 1);
  expect(rows.map((row) => row.model)).toEqual([servedModel]);
  expect(rows[0]).toMatchObject({ requests: 1, [outcome]: 1, prompt_tokens: usage.prompt, completion_tokens: usage.completion });
}

describe.concurrent('routing fault matrix under wrangler dev', () => {
  it('429 with a short retry-after: waits for it, then the same target serves', async () => {
    const id = tag();
    await script(upstreamUrl, `gpt-4o-mini-${id}`, ['@status=429@retry-after=0.05', 'ok']);
    const { data, response } = await openai.chat.completions.create({ model: 'routed', messages }, { headers: pair(id) }).withResponse();
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    const calls = await upstreamCalls(upstreamUrl, id);
    expect(calls.map((call) => [call.family, call.status])).toEqual([
      ['openai', 429],
      ['openai', 200],
    ]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
    const archive = await archivedRequest(gatewayUrl, KEY, response.headers.get('x-request-id') ?? '');
    expect(archive.attempts.map((attempt) => attempt.status)).toEqual([429, 200]);
    expect(archive.attempts[1]?.delayMs).toBeGreaterThanOrEqual(50);
    await expectAccountedOnce(id, `openai/gpt-4o-mini-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('429 with a retry-after longer than worth waiting: the fallback serves at once', async () => {
    const id = tag();
    const { data, response } = await openai.chat.completions
      .create({ model: 'routed', messages }, { headers: pair(id, '@status=429@retry-after=30') })
      .withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-model')).toBe(`deepseek-chat-${id}`);
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(await families(id)).toEqual(['openai', 'deepseek']);
    await expectAccountedOnce(id, `deepseek/deepseek-chat-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it("429 on the only target: the SDK gets a RateLimitError with the provider's retry-after", async () => {
    const id = tag();
    const failure = (await openai.chat.completions
      .create({ model: 'routed', messages }, { headers: { 'x-switchboard-route': `openai/gpt-4o-mini-${id}@status=429@retry-after=30` } })
      .catch((caught: unknown) => caught)) as OpenAIError;
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure.headers?.get('retry-after')).toBe('30');
    expect(failure.headers?.get('x-switchboard-attempts')).toBe('1');
    expect(failure.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(await families(id)).toEqual(['openai']);
    await expectAccountedOnce(id, `openai/gpt-4o-mini-${id}@status=429@retry-after=30`, { prompt: 0, completion: 0 }, 'failures');
  });

  it('500 then success: one retry on the same target', async () => {
    const id = tag();
    await script(upstreamUrl, `gpt-4o-mini-${id}`, ['@status=500', 'ok']);
    const { data, response } = await openai.chat.completions.create({ model: 'routed', messages }, { headers: pair(id) }).withResponse();
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(await families(id)).toEqual(['openai', 'openai']);
    await expectAccountedOnce(id, `openai/gpt-4o-mini-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('503 twice: the target spends its attempts, then the fallback serves; the archive shows all three', async () => {
    const id = tag();
    const { data, response } = await openai.chat.completions
      .create({ model: 'routed', messages }, { headers: pair(id, '@status=503') })
      .withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-model')).toBe(`deepseek-chat-${id}`);
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    expect(await families(id)).toEqual(['openai', 'openai', 'deepseek']);
    const archive = await archivedRequest(gatewayUrl, KEY, response.headers.get('x-request-id') ?? '');
    expect(archive.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
      ['openai', 503],
      ['openai', 503],
      ['deepseek', 200],
    ]);
    expect(archive).toMatchObject({ provider: 'deepseek', status: 200, usage: { inputTokens: data.usage?.prompt_tokens } });
    await expectAccountedOnce(id, `deepseek/deepseek-chat-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('every target failing (500, then 503): each attempt made, then a 503 the SDK may retry', async () => {
    const id = tag();
    const route = `openai/gpt-4o-mini-${id}@status=500, deepseek/deepseek-chat-${id}@status=503`;
    const failure = (await openai.chat.completions
      .create({ model: 'routed', messages }, { headers: { 'x-switchboard-route': route } })
      .catch((caught: unknown) => caught)) as OpenAIError;
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure.status).toBe(503);
    expect(failure.headers?.get('x-switchboard-attempts')).toBe('4');
    expect(failure.headers?.get('x-should-retry')).toBe('true');
    expect(failure.error).toMatchObject({ type: 'server_error', message: expect.stringMatching(/^deepseek: /) });
    expect(await families(id)).toEqual(['openai', 'openai', 'deepseek', 'deepseek']);
    await expectAccountedOnce(id, `deepseek/deepseek-chat-${id}@status=503`, { prompt: 0, completion: 0 }, 'failures');
  });

  it('Anthropic 529 overloaded over /v1/messages: retried, then the next Anthropic model serves', async () => {
    const id = tag();
    const route = `anthropic/claude-sonnet-4-5-${id}@status=529, anthropic/claude-haiku-4-5-${id}`;
    const { data, response } = await anthropic.messages
      .create({ model: 'routed', max_tokens: 100, messages }, { headers: { 'x-switchboard-route': route } })
      .withResponse();
    expect(data.content[0]?.type).toBe('text');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(response.headers.get('x-switchboard-model')).toBe(`claude-haiku-4-5-${id}`);
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    const calls = await upstreamCalls(upstreamUrl, id);
    expect(calls.map((call) => [call.family, call.status])).toEqual([
      ['anthropic', 529],
      ['anthropic', 529],
      ['anthropic', 200],
    ]);
    await expectAccountedOnce(id, `anthropic/claude-haiku-4-5-${id}`, {
      prompt: data.usage.input_tokens,
      completion: data.usage.output_tokens,
    });
  });

  it('Anthropic 529 everywhere: the Anthropic SDK gets an overloaded_error in its own shape', async () => {
    const id = tag();
    const route = `anthropic/claude-sonnet-4-5-${id}@status=529`;
    const failure = (await anthropic.messages
      .create({ model: 'routed', max_tokens: 100, messages }, { headers: { 'x-switchboard-route': route } })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(failure).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failure.status).toBe(503);
    expect(failure.headers?.get('x-switchboard-attempts')).toBe('2');
    expect(failure.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(await families(id)).toEqual(['anthropic', 'anthropic']);
    await expectAccountedOnce(id, `anthropic/claude-sonnet-4-5-${id}@status=529`, { prompt: 0, completion: 0 }, 'failures');
  });

  it('connection reset: retried as a network failure on the same target', async () => {
    const id = tag();
    await script(upstreamUrl, `gpt-4o-mini-${id}`, ['@reset', 'ok']);
    const { data, response } = await openai.chat.completions.create({ model: 'routed', messages }, { headers: pair(id) }).withResponse();
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    const calls = await upstreamCalls(upstreamUrl, id);
    expect(calls.map((call) => call.dropped ?? call.status)).toEqual(['reset', 200]);
    const archive = await archivedRequest(gatewayUrl, KEY, response.headers.get('x-request-id') ?? '');
    expect(archive.attempts.map((attempt) => attempt.status)).toEqual([0, 200]);
    await expectAccountedOnce(id, `openai/gpt-4o-mini-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('no first byte within the target timeout: the attempt is abandoned and the next target serves', async () => {
    const started = Date.now();
    const { data, response } = await openai.chat.completions.create({ model: 'e2e-slow-start', messages }).withResponse();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(response.headers.get('x-switchboard-route')).toBe('e2e-slow-start');
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    const calls = await upstreamCalls(upstreamUrl, 'e2e-slow-start');
    expect(calls.map((call) => call.family)).toEqual(['openai', 'deepseek']);
    const archive = await archivedRequest(gatewayUrl, KEY, response.headers.get('x-request-id') ?? '');
    expect(archive.attempts[0]).toMatchObject({ provider: 'openai', status: 0, retryable: true });
    await expectAccountedOnce('e2e-slow-start', 'deepseek/deepseek-chat-e2e-slow-start', {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('stream dropped before its first content: falls back, and the SDK reads one clean stream with one usage', async () => {
    const id = tag();
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'routed', messages, stream: true, stream_options: { include_usage: true } }, { headers: pair(id, '@drop-after=1') })
      .withResponse();
    let text = '';
    const usages: OpenAI.CompletionUsage[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usages.push(chunk.usage);
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usages).toHaveLength(1);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    const calls = await upstreamCalls(upstreamUrl, id);
    expect(calls.map((call) => call.family)).toEqual(['openai', 'openai', 'deepseek']);
    expect(calls[0]?.dropped).toBe('after 1 events');
    await expectAccountedOnce(id, `deepseek/deepseek-chat-${id}`, {
      prompt: usages[0]?.prompt_tokens ?? -1,
      completion: usages[0]?.completion_tokens ?? -1,
    });
  });

  it('stream dropped after its first content: no silent switch, the SDK raises the terminal error', async () => {
    const id = tag();
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'routed', messages, stream: true }, { headers: pair(id, '@drop-after=2') })
      .withResponse();
    let text = '';
    const reading = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })();
    const failure = (await reading.catch((caught: unknown) => caught)) as OpenAIError;
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure.error).toMatchObject({ type: 'upstream_error', code: 'upstream_stream_error' });
    expect(text.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    expect(await families(id)).toEqual(['openai']);
    // No usage chunk arrived: the one record is a failure counted by the estimator, marked so.
    const [row] = await usageRowsOnce(gatewayUrl, KEY, id, 1);
    expect(row).toMatchObject({ model: `openai/gpt-4o-mini-${id}@drop-after=2`, failures: 1, estimated_requests: 1 });
    expect(row?.completion_tokens).toBeGreaterThan(0);
  });

  it('malformed JSON body: retried, then served', async () => {
    const id = tag();
    await script(upstreamUrl, `gpt-4o-mini-${id}`, ['@malformed', 'ok']);
    const { data, response } = await openai.chat.completions.create({ model: 'routed', messages }, { headers: pair(id) }).withResponse();
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(await families(id)).toEqual(['openai', 'openai']);
    await expectAccountedOnce(id, `openai/gpt-4o-mini-${id}`, {
      prompt: data.usage?.prompt_tokens ?? -1,
      completion: data.usage?.completion_tokens ?? -1,
    });
  });

  it('malformed event mid-stream after content, translated (/v1/messages → openai): the SDK raises the terminal error, no switch', async () => {
    const id = tag();
    const stream = anthropic.messages.stream({ model: 'routed', max_tokens: 64, messages }, { headers: pair(id, '@malformed') });
    const failure = (await stream.done().catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(JSON.stringify(failure.error)).toMatch(/could not read/);
    expect(await families(id)).toEqual(['openai']);
    const [row] = await usageRowsOnce(gatewayUrl, KEY, id, 1);
    expect(row).toMatchObject({ model: `openai/gpt-4o-mini-${id}@malformed`, requests: 1, failures: 1 });
  });

  it('malformed event mid-stream on the same-dialect lane (chat → openai): the bytes go through as sent, no switch', async () => {
    const id = tag();
    const stream = await openai.chat.completions.create({ model: 'routed', messages, stream: true }, { headers: pair(id, '@malformed') });
    const reading = (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })();
    // The provider's own bytes reach the SDK unchanged: it fails on them as it would talking to the provider.
    expect(await reading.catch((caught: unknown) => caught)).toBeInstanceOf(Error);
    expect(await families(id)).toEqual(['openai']);
    const rows = await usageRowsOnce(gatewayUrl, KEY, id, 1);
    expect(rows.map((row) => row.model)).toEqual([`openai/gpt-4o-mini-${id}@malformed`]);
  });
});
