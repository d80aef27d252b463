/**
 * `/v1/messages` callers (the official `@anthropic-ai/sdk`) routed to models that exist only on
 * OpenAI's Responses API, inside workerd against the fake upstream's `/responses`: answers,
 * streams with tool use, and encrypted reasoning carried across a tool loop in thinking blocks.
 */
import { exports } from 'cloudflare:workers';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../support/fixtures';
import { GATEWAY_KEY } from '../support/gateway';
import { sentFor, uniqueModel } from '../support/openai-client';

const anthropic = new Anthropic({
  apiKey: GATEWAY_KEY,
  baseURL: 'https://gateway.test',
  fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  maxRetries: 0,
});
const recordedReasoning = fixtureJson<{ output: { id: string; encrypted_content?: string; call_id?: string }[] }>(
  'openai/responses/reasoning-summary-tool-call.json',
);

describe('messages → a Responses-only model', () => {
  it('non-stream: an Anthropic message with the Responses answer and usage', async () => {
    const model = uniqueModel('gpt-5-pro');
    const message = await anthropic.messages.create({
      model: `openai/${model}`,
      max_tokens: 256,
      system: 'You are a helpful assistant',
      messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Olá!' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 3 });
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe('/openai/v1/responses');
    expect(sent?.body).toMatchObject({ instructions: 'You are a helpful assistant', max_output_tokens: 256 });
  });

  it('stream: Anthropic events from Responses events, tool use included', async () => {
    const model = uniqueModel('gpt-5-codex');
    const stream = anthropic.messages.stream({
      model: `openai/${model}`,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'What is the weather in Florence?' }],
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
    });
    const final = await stream.finalMessage();
    const toolUse = final.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'weather', input: { location: 'Florence, Italy' } });
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });
});

describe('messages tool loop → a Responses-only model', () => {
  it('the thinking block carries the encrypted reasoning back as a reasoning item, with the tool result', async () => {
    // The recording's own ids (the fake mints fresh ones otherwise): the reasoning item's id is asserted below.
    const model = `${uniqueModel('gpt-5-pro')}@recorded-ids`;
    const tools = [
      { name: 'weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } } },
    ];
    const question = { role: 'user' as const, content: 'What is the weather in Florence?' };
    const first = await anthropic.messages.create({ model: `openai/${model}`, max_tokens: 512, tools, messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const reasoningItem = recordedReasoning.output[0];
    const thinking = first.content.find((block) => block.type === 'thinking');
    expect(thinking).toEqual({
      type: 'thinking',
      thinking: '',
      signature: `openai-reasoning:${reasoningItem?.id}:${reasoningItem?.encrypted_content}`,
    });
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    const second = await anthropic.messages.create({
      model: `openai/${model}`,
      max_tokens: 512,
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.id ?? '', content: 'sunny' }] },
      ],
    });
    expect(second.content.some((block) => block.type === 'text' && block.text.length > 0)).toBe(true);
    const input = (await sentFor(model))[1]?.body.input as Record<string, unknown>[];
    expect(input.slice(1)).toEqual([
      { type: 'reasoning', id: reasoningItem?.id, summary: [], encrypted_content: reasoningItem?.encrypted_content },
      { type: 'function_call', call_id: toolUse?.id, name: 'weather', arguments: '{"location":"Florence, Italy"}' },
      { type: 'function_call_output', call_id: toolUse?.id, output: 'sunny' },
    ]);
  });
});
