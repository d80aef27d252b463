/**
 * Token counting under `wrangler dev`, where the tokenizer is a separate uploaded module (not
 * something vite resolves, as in the workerd unit tests): OpenAI's counting endpoint answers
 * for OpenAI (`estimated: false`); an OpenAI model on another host is counted by the lazily
 * loaded o200k encoding, token for token what gpt-tokenizer says; a stream cut before its usage
 * is billed with the same encoding.
 */
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, inject, it, vi } from 'vitest';
import { fakeTokenCount } from '../fake-upstream/counting.mjs';
import { upstreamRequests } from './support/upstream-log';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const KEY = 'sb-dev-key-2';
const FRAMING_PER_MESSAGE = 4;
const tag = () => crypto.randomUUID().slice(0, 8);

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('token counts under wrangler dev', () => {
  it('OpenAI: its responses/input_tokens endpoint, estimated: false', async () => {
    const marker = tag();
    const response = await post('/v1/responses/input_tokens', { model: 'openai/gpt-4o', input: `Count ${marker}` });
    expect(response.status).toBe(200);
    const [call] = await upstreamRequests(upstreamUrl, marker);
    expect(call?.path).toBe('/openai/v1/responses/input_tokens');
    expect(await response.json()).toEqual({
      object: 'response.input_tokens',
      input_tokens: fakeTokenCount(call?.body?.input, [undefined, undefined]),
      estimated: false,
      counted_by: 'provider',
    });
  });

  it('an OpenAI model on a host without the endpoint: the lazily loaded o200k module counts', async () => {
    const text = `Tokenize ${tag()} — naïve café, 日本語`;
    const response = await post('/v1/messages/count_tokens', {
      model: 'groq/openai/gpt-oss-20b',
      messages: [{ role: 'user', content: text }],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ input_tokens: o200k(text) + FRAMING_PER_MESSAGE, estimated: true, counted_by: 'tokenizer' });
  });

  it('a stream cut before its usage: billed with o200k', async () => {
    const model = `gpt-4o-mini-e2e-cut-${tag()}@drop-after=3`;
    const prompt = 'Count from 1 to 5, naïvely';
    const response = await post('/v1/chat/completions', {
      model: `openai/${model}`,
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    });
    const received = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content ?? '')
      .join('');
    expect(received).not.toBe('');
    const row = await vi.waitUntil(
      async () => {
        const usage = (await (
          await fetch(`${gatewayUrl}/v1/usage?group_by=model`, { headers: { authorization: `Bearer ${KEY}` } })
        ).json()) as {
          data: { model: string; prompt_tokens: number; completion_tokens: number; estimated_requests: number }[];
        };
        return usage.data.find((entry) => entry.model === `openai/${model}`);
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(row).toMatchObject({
      prompt_tokens: o200k(prompt) + FRAMING_PER_MESSAGE,
      completion_tokens: o200k(received),
      estimated_requests: 1,
    });
  });
});
