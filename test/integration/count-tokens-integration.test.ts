/**
 * `/v1/messages/count_tokens` and `/v1/responses/input_tokens` ask the target provider's own
 * counting endpoint where it has one (Anthropic, Gemini, OpenAI: the fake upstream's counting
 * endpoints, test/fake-upstream/counting.mjs) and answer `estimated: false` with its number;
 * for other OpenAI-family targets they count with OpenAI's BPE tokenizer (checked against
 * gpt-tokenizer itself); elsewhere they answer the estimate.
 */
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
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
  return (await response.json()) as { input_tokens: number; estimated: boolean; counted_by: string };
}

async function countResponses(model: string, input: string, instructions?: string) {
  const response = await gateway('/v1/responses/input_tokens', {
    method: 'POST',
    json: { model, input, ...(instructions ? { instructions } : {}) },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { object: string; input_tokens: number; estimated: boolean; counted_by: string };
}

/** One user message: its text under the encoding, plus the 4 tokens of framing per message. */
const MESSAGE_FRAMING = 4;

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
    expect(answer).toEqual({
      input_tokens: fakeTokenCount(sent.messages, [sent.system, undefined]),
      estimated: false,
      counted_by: 'provider',
    });
  });

  it('Gemini: countTokens with the whole generateContent request; estimated: false', async () => {
    const tag = marker();
    const answer = await count('gemini/gemini-2.5-flash', `How many tokens is ${tag}?`);
    const [call] = await countingCalls(tag);
    expect(call?.path).toBe('/gemini/v1beta/models/gemini-2.5-flash:countTokens');
    const request = (call?.body as { generateContentRequest?: { model: string; contents: unknown } } | undefined)?.generateContentRequest;
    expect(request?.model).toBe('models/gemini-2.5-flash');
    expect(answer).toEqual({
      input_tokens: fakeTokenCount(request?.contents, [undefined, undefined]),
      estimated: false,
      counted_by: 'provider',
    });
  });

  it('OpenAI: responses/input_tokens with a Responses body, without generation fields; estimated: false', async () => {
    const tag = marker();
    const answer = await count('openai/gpt-4o-mini', `How many tokens is ${tag}?`, 'Be brief.');
    const [call] = await countingCalls(tag);
    expect(call?.path).toBe('/openai/v1/responses/input_tokens');
    expect(call?.auth).toMatchObject({ present: true });
    const sent = call?.body as { input: unknown; instructions: unknown };
    expect(Object.keys(sent).sort()).toEqual(['input', 'instructions', 'model']);
    expect(answer).toEqual({
      input_tokens: fakeTokenCount(sent.input, [sent.instructions, undefined]),
      estimated: false,
      counted_by: 'provider',
    });
  });

  it("an OpenAI model where no counting endpoint applies: OpenAI's tokenizer (o200k or cl100k), marked", async () => {
    const tag = marker();
    const text = `Tokenize me exactly ${tag}: naïve café, 12345 — 日本語のテキスト`;
    // OpenRouter serves OpenAI's models but has no counting endpoint: the o200k encoding counts.
    const routed = await count('openrouter/openai/gpt-4o', text);
    expect(routed).toEqual({ input_tokens: o200k(text) + MESSAGE_FRAMING, estimated: true, counted_by: 'tokenizer' });
    // An older model: cl100k. The two encodings differ on this text, so the choice is visible.
    const older = await count('openrouter/openai/gpt-4-turbo', text);
    expect(older).toEqual({ input_tokens: cl100k(text) + MESSAGE_FRAMING, estimated: true, counted_by: 'tokenizer' });
    expect(o200k(text)).not.toBe(cl100k(text));
    // Not the ~4-characters estimate either.
    expect(routed.input_tokens).not.toBe(Math.ceil(text.length / 4) + 3);
    expect(await countingCalls(tag)).toEqual([]);
  });

  it("OpenAI's counting endpoint failing: the tokenizer, after one recorded attempt", async () => {
    const tag = marker();
    const text = `hello ${tag}`;
    const answer = await count('openai/gpt-4o-mini@status=500', text);
    expect(answer).toEqual({ input_tokens: o200k(text) + MESSAGE_FRAMING, estimated: true, counted_by: 'tokenizer' });
    const calls = await countingCalls(tag);
    expect(calls.map((entry) => entry.path)).toEqual(['/openai/v1/responses/input_tokens']);
  });

  it('a provider without a counting endpoint and not OpenAI-family, or one that fails, gets the estimate', async () => {
    const tag = marker();
    expect(await count('deepseek/deepseek-chat', `hello ${tag}`)).toMatchObject({ estimated: true, counted_by: 'estimate' });
    expect(await countingCalls(tag)).toEqual([]);
    const failing = await count('anthropic/claude-sonnet-4-5@status=500', `hello ${tag}`);
    expect(failing).toMatchObject({ estimated: true, counted_by: 'estimate' });
    expect(failing.input_tokens).toBeGreaterThan(0);
  });
});

describe('/v1/responses/input_tokens counts the same way', () => {
  it('OpenAI: its own endpoint; estimated: false', async () => {
    const tag = marker();
    const answer = await countResponses('openai/gpt-4o', `Count me ${tag}`, 'Answer in French.');
    const [call] = await countingCalls(tag);
    expect(call?.path).toBe('/openai/v1/responses/input_tokens');
    const sent = call?.body as { input: unknown; instructions: unknown };
    expect(sent.instructions).toBe('Answer in French.');
    expect(answer).toEqual({
      object: 'response.input_tokens',
      input_tokens: fakeTokenCount(sent.input, [sent.instructions, undefined]),
      estimated: false,
      counted_by: 'provider',
    });
  });

  it('Anthropic and Gemini: their endpoints, not an estimate', async () => {
    const tag = marker();
    const claude = await countResponses('anthropic/claude-sonnet-4-5', `Count me ${tag}`);
    const gemini = await countResponses('gemini/gemini-2.5-flash', `Count me too ${tag}`);
    expect(claude).toMatchObject({ estimated: false, counted_by: 'provider' });
    expect(gemini).toMatchObject({ estimated: false, counted_by: 'provider' });
    expect((await countingCalls(tag)).map((entry) => entry.path).sort()).toEqual([
      '/anthropic/v1/messages/count_tokens',
      '/gemini/v1beta/models/gemini-2.5-flash:countTokens',
    ]);
  });

  it('an OpenAI model on a host without the endpoint: the tokenizer', async () => {
    const text = `Responses input ${marker()}`;
    expect(await countResponses('groq/openai/gpt-oss-20b', text)).toEqual({
      object: 'response.input_tokens',
      input_tokens: o200k(text) + MESSAGE_FRAMING,
      estimated: true,
      counted_by: 'tokenizer',
    });
  });
});
