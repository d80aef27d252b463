/**
 * Usage the provider never reported: counted with OpenAI's tokenizer for OpenAI-family models
 * (and marked `countedBy: "tokenizer"` in the usage event), else left to the characters
 * estimate (`countedBy: "estimate"`); reported usage and failed requests are never touched.
 * The stream decoder keeps the generated text only when asked, and only up to its cap.
 */

import { env } from 'cloudflare:workers';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { getConfig } from '../../src/lib/config';
import { encodingFor } from '../../src/lib/models/bpe-tokenizer';
import type { RequestRecord } from '../../src/lib/pipeline/request-record';
import { countUnreportedUsage } from '../../src/lib/pipeline/unreported-usage';
import { decodeProviderStream, MAX_KEPT_OUTPUT_CHARS } from '../../src/lib/streams/stream-pipeline';
import { buildUsageEvent } from '../../src/lib/usage/event';
import { createOpenAIStreamDecoder } from '../../src/providers/openai/stream';

const prompt: ChatRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: "Explain BPE in one line — s'il vous plaît." },
  ],
};

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestId: 'req_unreported',
    keyId: 'key_unreported',
    surface: 'openai',
    endpoint: 'chat',
    requestedModel: 'openai/gpt-4o',
    stream: true,
    receivedAt: Date.now(),
    attempts: [{ provider: 'openai', model: 'gpt-4o', startedAt: Date.now(), status: 200 }],
    status: 200,
    cache: 'BYPASS',
    provider: 'openai',
    model: 'gpt-4o',
    prompt,
    outputText: ['Byte pair ', 'encoding merges frequent pairs.'],
    outputChars: 'Byte pair encoding merges frequent pairs.'.length,
    ...overrides,
  } as RequestRecord;
}

describe('countUnreportedUsage', () => {
  it('an OpenAI-family model: prompt and output with its encoding, marked', async () => {
    const cut = record({});
    await countUnreportedUsage(cut);
    expect(cut.usage).toEqual({
      inputTokens: o200k('You are terse.') + o200k("Explain BPE in one line — s'il vous plaît.") + 2 * 4,
      outputTokens: o200k('Byte pair encoding merges frequent pairs.'),
      estimated: true,
      countedBy: 'tokenizer',
    });
    expect(buildUsageEvent(cut, getConfig(env))).toMatchObject({ estimated: true, countedBy: 'tokenizer' });
  });

  it('an older model uses cl100k; text past what was kept is estimated', async () => {
    const cut = record({ model: 'gpt-3.5-turbo', outputChars: 'Byte pair encoding merges frequent pairs.'.length + 400 });
    await countUnreportedUsage(cut);
    expect(cut.usage?.outputTokens).toBe(cl100k('Byte pair encoding merges frequent pairs.') + 100);
  });

  it('other models, reported usage and failed requests are left alone', async () => {
    const other = record({ model: 'deepseek-chat', provider: 'deepseek' });
    await countUnreportedUsage(other);
    expect(other.usage).toBeUndefined();
    expect(buildUsageEvent(other, getConfig(env))).toMatchObject({ estimated: true, countedBy: 'estimate' });

    const reported = record({ usage: { inputTokens: 7, outputTokens: 9 } });
    await countUnreportedUsage(reported);
    expect(reported.usage).toEqual({ inputTokens: 7, outputTokens: 9 });
    expect(buildUsageEvent(reported, getConfig(env))).not.toHaveProperty('countedBy');

    const failed = record({ status: 502 });
    await countUnreportedUsage(failed);
    expect(failed.usage).toBeUndefined();
  });
});

describe('encodingFor', () => {
  it('maps OpenAI model ids to their encodings, and others to none', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-nano',
      'gpt-5',
      'o1',
      'o3-mini',
      'o4-mini',
      'openai/gpt-oss-120b',
      'ft:gpt-4o-mini:org::id',
    ])
      expect(encodingFor(model), model).toBe('o200k_base');
    for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo', 'text-embedding-3-small'])
      expect(encodingFor(model), model).toBe('cl100k_base');
    for (const model of ['deepseek-chat', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'llama-3.1-8b', 'omni-moderation'])
      expect(encodingFor(model), model).toBeUndefined();
  });
});

describe('the stream decoder keeps output text for counting', () => {
  const sse = (deltas: string[]) =>
    new Response(
      [
        ...deltas.map((content) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`),
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        'data: [DONE]\n\n',
      ].join(''),
    ).body!;

  async function outcomeOf(deltas: string[], keepOutputText: boolean) {
    const decoded = decodeProviderStream(sse(deltas), createOpenAIStreamDecoder(), { provider: 'openai', keepOutputText });
    const reader = decoded.events.getReader();
    while (!(await reader.read()).done) {}
    return decoded.outcome;
  }

  it('only when asked, and never more than the cap', async () => {
    expect((await outcomeOf(['Hello', ' world'], false)).outputText).toBeUndefined();
    expect((await outcomeOf(['Hello', ' world'], true)).outputText).toEqual(['Hello', ' world']);
    const big = 'x'.repeat(MAX_KEPT_OUTPUT_CHARS - 10);
    const capped = await outcomeOf([big, 'y'.repeat(30), 'z'.repeat(5)], true);
    expect(capped.outputChars).toBe(MAX_KEPT_OUTPUT_CHARS + 25);
    expect(capped.outputText?.join('').length).toBe(MAX_KEPT_OUTPUT_CHARS);
    expect(capped.outputText?.at(-1)).toBe('y'.repeat(10));
  });
});
