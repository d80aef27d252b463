/**
 * `/v1/messages/count_tokens` asks the target provider's own counting endpoint where it has one
 * (Anthropic, Gemini: the fake upstream's counting endpoints, test/fake-upstream/counting.mjs)
 * and answers `estimated: false` with its number; elsewhere it answers the estimate.
 */
import { describe, expect, it } from 'vitest';
import { fakeTokenCount } from '../fake-upstream/counting.mjs';
import { gateway, upstreamRequests } from '../support/gateway';

const marker = () => `count-${crypto.randomUUID().slice(0, 8)}`;

async function count(model: string, content: string, system?: string) {
  const response = await gateway('/v1/messages/count_tokens', {
    method: 'POST',
    json: { model, messages: [{ role: 'user', content }], ...(system ? { system } : {}) },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { input_tokens: number; estimated: boolean };
}

async function countingCalls(tag: string) {
  return (await upstreamRequests()).filter((entry) => JSON.stringify(entry.body ?? {}).includes(tag));
}

describe('count_tokens asks the provider where it can', () => {
  it('Anthropic: the count_tokens endpoint, without generation fields; estimated: false', async () => {
    const tag = marker();
    const text = `Count these words please ${tag} — ünïcödé`;
    const answer = await count('anthropic/claude-sonnet-4-5', text, 'Be brief.');
    const [call] = await countingCalls(tag);
    expect(call?.path).toBe('/anthropic/v1/messages/count_tokens');
    expect(Object.keys(call?.body ?? {}).sort()).toEqual(['messages', 'model', 'system']);
    const sent = call?.body as { messages: unknown; system: unknown };
    expect(answer).toEqual({ input_tokens: fakeTokenCount(sent.messages, [sent.system, undefined]), estimated: false });
  });

  it('Gemini: countTokens with the whole generateContent request; estimated: false', async () => {
    const tag = marker();
    const answer = await count('gemini/gemini-2.5-flash', `How many tokens is ${tag}?`);
    const [call] = await countingCalls(tag);
    expect(call?.path).toBe('/gemini/v1beta/models/gemini-2.5-flash:countTokens');
    const request = (call?.body as { generateContentRequest?: { model: string; contents: unknown } } | undefined)?.generateContentRequest;
    expect(request?.model).toBe('models/gemini-2.5-flash');
    expect(answer).toEqual({ input_tokens: fakeTokenCount(request?.contents, [undefined, undefined]), estimated: false });
  });

  it('a provider without a counting endpoint, or one that fails, gets the estimate', async () => {
    const tag = marker();
    expect(await count('openai/gpt-4o-mini', `hello ${tag}`)).toMatchObject({ estimated: true });
    expect(await countingCalls(tag)).toEqual([]);
    const failing = await count('anthropic/claude-sonnet-4-5@status=500', `hello ${tag}`);
    expect(failing.estimated).toBe(true);
    expect(failing.input_tokens).toBeGreaterThan(0);
  });
});
