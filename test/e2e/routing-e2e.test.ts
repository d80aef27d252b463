/**
 * The routing fault matrix end to end: the official `openai` client → Switchboard under
 * `wrangler dev` → the fake upstream. Routes are given per request in `x-switchboard-route`,
 * with the built-in attempt counts and the e2e gateway's millisecond backoff
 * (test/e2e/support/gateway-config.ts). The full matrix is routing-faults-e2e.test.ts.
 */
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';

const client = new OpenAI({ apiKey: 'sb-dev-key-1', baseURL: `${inject('gatewayUrl')}/v1`, maxRetries: 0 });
const upstreamUrl = inject('e2eUpstreamUrl');
const messages = [{ role: 'user' as const, content: 'count to 5' }];
const tag = () => crypto.randomUUID().slice(0, 8);
const route = (id: string, openaiSuffix: string) => ({
  'x-switchboard-route': `openai/gpt-4o-mini-${id}${openaiSuffix}, deepseek/deepseek-chat-${id}`,
});

async function families(id: string): Promise<string[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as { family: string; body?: { model?: string } }[];
  return log.filter((entry) => String(entry.body?.model ?? '').includes(id)).map((entry) => entry.family);
}

describe('routing under wrangler dev', () => {
  it('503 on the first target: retried once, then the fallback answers', async () => {
    const id = tag();
    const { data, response } = await client.chat.completions
      .create({ model: 'routed', messages }, { headers: route(id, '@status=503') })
      .withResponse();
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchboard-attempts')).toBe('3');
    expect(await families(id)).toEqual(['openai', 'openai', 'deepseek']);
  });

  it('connection reset: retried on the same target', async () => {
    const id = tag();
    await fetch(`${upstreamUrl}/__fake/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: `gpt-4o-mini-${id}`, responses: ['@reset', 'ok'] }),
    });
    const { response } = await client.chat.completions.create({ model: 'routed', messages }, { headers: route(id, '') }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
  });

  it('a stream dropped before its first content falls back; the SDK reads one whole stream', async () => {
    const id = tag();
    const stream = await client.chat.completions.create(
      { model: 'routed', messages, stream: true },
      { headers: route(id, '@drop-after=1') },
    );
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(await families(id)).toEqual(['openai', 'openai', 'deepseek']);
  });

  it('a stream dropped after its first content ends in an error the SDK raises, with no switch', async () => {
    const id = tag();
    const stream = await client.chat.completions.create(
      { model: 'routed', messages, stream: true },
      { headers: route(id, '@drop-after=2') },
    );
    const reading = (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })();
    await expect(reading).rejects.toThrow();
    expect(await families(id)).toEqual(['openai']);
  });

  it('x-switchboard-timeout-ms: a slow upstream meets the deadline as a 504', async () => {
    const id = tag();
    const failure = await client.chat.completions
      .create({ model: 'routed', messages }, { headers: { ...route(id, '@first-byte-ms=5000'), 'x-switchboard-timeout-ms': '300' } })
      .catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((failure as InstanceType<typeof OpenAI.APIError>).headers?.get('x-switchboard-timeout-ms')).toBe('300');
  });
});
