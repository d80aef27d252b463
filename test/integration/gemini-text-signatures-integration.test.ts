/**
 * Gemini thought signatures on text parts (src/providers/gemini/text-signatures.ts): kept on
 * every surface and handed back next turn on the part they came with. The fake upstream replays
 * `gemini/thinking-signed-text` (the answer's one text part signed) and its stream twin (the
 * recorded chunks, then an empty text part carrying the signature), both reconstructed from
 * recorded Gemini traffic (test/fixtures/recorded/SOURCES.md). Each client hands the answer
 * back the way its users do: the message object, the content blocks, the output items.
 */

import { exports } from 'cloudflare:workers';
import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, upstreamRequests } from '../support/gateway';
import { openaiClient } from '../support/openai-client';

const MODEL = 'gemini/fixture:thinking-signed-text';
const recorded = (await import('../fixtures/recorded/gemini/thinking-signed-text.json')).default as {
  candidates: { content: { parts: { text: string; thought?: boolean; thoughtSignature?: string }[] } }[];
};
const [thoughtPart, answerPart] = recorded.candidates[0]?.content.parts ?? [];
const ANSWER = answerPart?.text ?? '';
const JSON_SIGNATURE = answerPart?.thoughtSignature ?? '';
/** The signature on the stream's last, empty, text part (gemini/function-call-stream.sse's). */
const STREAM_SIGNATURE = /^CiQBvj72\+xCKZ6n2/;

const anthropic = () =>
  new Anthropic({
    apiKey: GATEWAY_KEY,
    baseURL: 'https://gateway.test',
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
    maxRetries: 0,
  });

/** The model turn of the second request the fake received for this conversation. */
async function modelTurnSent(marker: string) {
  const sent = (await upstreamRequests()).filter((entry) => entry.rawBody.includes(marker));
  expect(sent).toHaveLength(2);
  const contents = sent[1]?.body.contents as { role: string; parts: Record<string, unknown>[] }[];
  return contents.find((content) => content.role === 'model')?.parts;
}

const expectJsonParts = (parts: unknown) => expect(parts).toEqual([{ text: ANSWER, thoughtSignature: JSON_SIGNATURE }]);
const expectStreamParts = (parts: unknown) =>
  expect(parts).toEqual([{ text: ANSWER }, { text: '', thoughtSignature: expect.stringMatching(STREAM_SIGNATURE) }]);

describe('Gemini text-part thought signatures go back where they were', () => {
  it('chat completions, non-stream: the signed text part comes back whole with its signature', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = openaiClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const first = await client.chat.completions.create({ model: MODEL, messages });
    const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe(ANSWER);
    expect(message.reasoning_content).toBe(thoughtPart?.text);
    await client.chat.completions.create({ model: MODEL, messages: [...messages, message, { role: 'user', content: 'And at sunset?' }] });
    expectJsonParts(await modelTurnSent(marker));
  });

  it('chat completions, stream: the empty signed part after the text comes back after it', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = openaiClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true });
    let content = '';
    const blocks: unknown[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; thinking_blocks?: unknown[] } | undefined;
      content += delta?.content ?? '';
      blocks.push(...(delta?.thinking_blocks ?? []));
    }
    expect(content).toBe(ANSWER);
    expect(blocks).toHaveLength(1);
    const echoed = { role: 'assistant', content, thinking_blocks: blocks } as OpenAI.ChatCompletionAssistantMessageParam;
    await client.chat.completions.create({ model: MODEL, messages: [...messages, echoed, { role: 'user', content: 'And at sunset?' }] });
    expectStreamParts(await modelTurnSent(marker));
  });

  it('messages, non-stream: the content blocks handed back restore the signed part', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = anthropic();
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 512, messages });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: 'And at sunset?' }],
    });
    expectJsonParts(await modelTurnSent(marker));
  });

  it('messages, stream: the final message handed back restores the empty signed part after the text', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = anthropic();
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const final = await client.messages.stream({ model: MODEL, max_tokens: 512, messages }).finalMessage();
    expect(final.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')).toBe(ANSWER);
    await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      messages: [...messages, { role: 'assistant', content: final.content }, { role: 'user', content: 'And at sunset?' }],
    });
    expectStreamParts(await modelTurnSent(marker));
  });

  it('responses, non-stream: the output items handed back as input restore the signed part', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = openaiClient();
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const first = await client.responses.create({ model: MODEL, input, store: false });
    expect(first.output_text).toBe(ANSWER);
    await client.responses.create({
      model: MODEL,
      store: false,
      input: [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And at sunset?' }],
    });
    expectJsonParts(await modelTurnSent(marker));
  });

  it('responses, stream: the streamed output items handed back restore the empty signed part', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = openaiClient();
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const final = await client.responses.stream({ model: MODEL, input, store: false }).finalResponse();
    expect(final.output_text).toBe(ANSWER);
    await client.responses.create({
      model: MODEL,
      store: false,
      input: [...input, ...(final.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And at sunset?' }],
    });
    expectStreamParts(await modelTurnSent(marker));
  });

  it('to Anthropic next: the Gemini-only block is left out, not sent to a provider that would refuse it', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = openaiClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const first = await client.chat.completions.create({ model: MODEL, messages });
    const model = `claude-sonnet-4-5-${crypto.randomUUID().slice(0, 8)}`;
    const next = await client.chat.completions.create({
      model: `anthropic/${model}`,
      messages: [...messages, first.choices[0]?.message as OpenAI.ChatCompletionMessage, { role: 'user', content: 'And at sunset?' }],
    });
    expect(next.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const sent = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    expect(sent[0]?.rawBody).not.toContain('gemini-text:');
    expect(sent[0]?.rawBody).not.toContain(JSON_SIGNATURE);
  });

  it('to Anthropic on the same-dialect lane (messages): the Gemini-only block is removed from the forwarded body', async () => {
    const marker = `sky-${crypto.randomUUID()}`;
    const client = anthropic();
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Why is the sky blue? ${marker}` }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 512, messages });
    const model = `claude-sonnet-4-5-${crypto.randomUUID().slice(0, 8)}`;
    await client.messages.create({
      model: `anthropic/${model}`,
      max_tokens: 512,
      messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: 'And at sunset?' }],
    });
    const sent = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    expect(sent).toHaveLength(1);
    const turns = sent[0]?.body.messages as { role: string; content: { type: string }[] }[];
    expect(turns[1]?.content.map((block) => block.type)).toEqual(['text']);
    expect(sent[0]?.rawBody).not.toContain('gemini-text:');
  });
});
