/**
 * A stream cut before the provider reported usage is counted with OpenAI's BPE tokenizer when
 * the model that answered is OpenAI-family: the prompt as sent and the text generated before
 * the cut, token for token (checked against gpt-tokenizer itself), still marked estimated.
 * Other models keep the ~4-characters estimate.
 */
import { env } from 'cloudflare:workers';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, disconnectAfterFirstChunk, keyIdOf, readAll } from '../support/accounting';
import { GATEWAY_KEY } from '../support/gateway';
import { callWorker } from '../support/worker';

const PROMPT = 'Count from 1 to 5, naïvely — 日本語で';
const FRAMING_PER_MESSAGE = 4;

/** The text deltas a chat-completions client received. */
function receivedText(sse: string): string {
  return sse
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string | null } }[] })
    .map((chunk) => chunk.choices?.[0]?.delta?.content ?? '')
    .join('');
}

async function ledgerRow(model: string, requestId: string) {
  const keyId = await keyIdOf(GATEWAY_KEY);
  await deliveriesOf(keyId, [requestId]);
  const today = utcDay(Date.now());
  return (await ledgerFor(env, keyId).rows(today, today)).find((row) => row.model === model);
}

async function streamed(model: string, consume: (response: Response) => Promise<string | undefined>) {
  const call = await callWorker('/v1/chat/completions', {
    method: 'POST',
    json: {
      model: `${model.startsWith('deepseek') ? 'deepseek' : 'openai'}/${model}`,
      stream: true,
      messages: [{ role: 'user', content: PROMPT }],
    },
  });
  const text = await consume(call.response);
  await call.settled();
  return { text, row: await ledgerRow(model, call.response.headers.get('x-request-id') ?? '') };
}

describe('usage of a stream cut before the provider reported it', () => {
  it('an OpenAI-family model: prompt and partial output counted with o200k', async () => {
    const model = `gpt-4o-mini-cut-${crypto.randomUUID().slice(0, 8)}@drop-after=3`;
    const { text, row } = await streamed(model, async (response) => receivedText(await readAll(response)));
    expect(text).not.toBe('');
    expect(row).toMatchObject({ requests: 1, failures: 1, estimated_requests: 1 });
    expect(row?.prompt_tokens).toBe(o200k(PROMPT) + FRAMING_PER_MESSAGE);
    expect(row?.completion_tokens).toBe(o200k(text ?? ''));
    // Not what the characters estimate would have said.
    expect(row?.prompt_tokens).not.toBe(Math.ceil(PROMPT.length / 4));
  });

  it('a client that went away: the prompt counted with o200k, the output so far too', async () => {
    const model = `gpt-4o-mini-gone-${crypto.randomUUID().slice(0, 8)}@chunk-ms=20`;
    const { row } = await streamed(model, async (response) => {
      await disconnectAfterFirstChunk(response);
      return undefined;
    });
    expect(row).toMatchObject({ requests: 1, cancelled: 1, estimated_requests: 1 });
    expect(row?.prompt_tokens).toBe(o200k(PROMPT) + FRAMING_PER_MESSAGE);
  });

  it('a model with no public tokenizer (DeepSeek): the ~4-characters estimate', async () => {
    const model = `deepseek-chat-cut-${crypto.randomUUID().slice(0, 8)}@drop-after=3`;
    const { row } = await streamed(model, async (response) => receivedText(await readAll(response)));
    expect(row).toMatchObject({ requests: 1, failures: 1, estimated_requests: 1 });
    expect(row?.prompt_tokens).toBe(Math.ceil(PROMPT.length / 4));
  });
});
