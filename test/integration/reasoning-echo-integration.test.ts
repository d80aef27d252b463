/**
 * Reasoning state through chat completions clients that echo only part of the gateway's
 * extensions (src/surfaces/openai/reasoning-echo.ts): the first tool call's `signature` carries
 * the turn's reasoning blocks, and a message-level `signature` (the OpenAI Agents SDK copies a
 * call's extra keys onto the message) is mapped back onto the call it came from.
 */

import { exports } from 'cloudflare:workers';
import Anthropic from '@anthropic-ai/sdk';
import { Agent, tool as agentTool, OpenAIChatCompletionsModel, run, setTracingDisabled } from '@openai/agents';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeReasoningState } from '../../src/surfaces/responses/reasoning-state';
import { GATEWAY_KEY, gateway } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';

const weatherTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { location: { type: 'string' } } },
  },
} as const;

interface AnthropicBlock {
  type: string;
  signature?: string;
  thinking?: string;
}
const anthropicTurns = (body: Record<string, unknown>) => body.messages as { role: string; content: AnthropicBlock[] }[];

beforeAll(() => setTracingDisabled(true));

describe('chat completions: reasoning blocks ride on the first tool call', () => {
  it('non-stream: the first call carries the thinking blocks; echoing only the tool calls hands them back to Anthropic', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const client = openaiClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Florence, Italy?" }];
    const first = await client.chat.completions.create({
      model: `anthropic/${model}`,
      reasoning_effort: 'low',
      messages,
      tools: [weatherTool],
    });
    const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & { thinking_blocks: { signature: string }[] };
    const call = message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall & { signature?: string };
    expect(message.thinking_blocks[0]?.signature).toMatch(/^Es8DCkYI/);
    expect(decodeReasoningState(call.signature)).toEqual({ blocks: message.thinking_blocks });

    // A client that keeps the call's unknown keys but not the message's.
    const echoed = { role: 'assistant' as const, content: null, tool_calls: [call] };
    await client.chat.completions.create({
      model: `anthropic/${model}`,
      reasoning_effort: 'low',
      tools: [weatherTool],
      messages: [...messages, echoed, { role: 'tool', tool_call_id: call.id, content: '40 C' }],
    });
    const sent = await sentFor(model);
    expect(sent).toHaveLength(2);
    const assistant = anthropicTurns(sent[1]?.body ?? {})[1];
    expect(assistant?.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(assistant?.content[0]).toEqual(message.thinking_blocks[0]);
    // The token is the gateway's: it never reaches the provider.
    expect(sent[1]?.rawBody).not.toContain('swb1.');
  });

  it('stream: the first tool-call delta carries the streamed thinking blocks', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const stream = await openaiClient().chat.completions.create({
      model: `anthropic/${model}`,
      reasoning_effort: 'low',
      stream: true,
      messages: [{ role: 'user', content: "What's the weather in Florence, Italy?" }],
      tools: [weatherTool],
    });
    const blocks: unknown[] = [];
    const signatures: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { thinking_blocks?: unknown[]; tool_calls?: { signature?: string }[] } | undefined;
      blocks.push(...(delta?.thinking_blocks ?? []));
      for (const call of delta?.tool_calls ?? []) if (call.signature) signatures.push(call.signature);
    }
    expect(blocks).toHaveLength(1);
    expect(signatures).toHaveLength(1);
    expect(decodeReasoningState(signatures[0])).toEqual({ blocks });
  });

  it('the OpenAI Agents SDK (chat-completions mode) tool loop keeps Anthropic thinking across turns', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const client = new OpenAI({
      apiKey: GATEWAY_KEY,
      baseURL: 'https://gateway.test/v1',
      fetch: (url, init) => exports.default.fetch(new Request(url, init)),
      maxRetries: 0,
    });
    const agent = new Agent({
      name: 'Weather agent',
      instructions: 'Answer with the weather tool.',
      model: new OpenAIChatCompletionsModel(client, `anthropic/${model}`),
      modelSettings: { reasoning: { effort: 'low' } },
      tools: [
        agentTool({
          name: 'weather',
          description: 'Current weather',
          parameters: z.object({ location: z.string() }),
          execute: async () => '21 C',
        }),
      ],
    });
    const result = await run(agent, 'What is the weather in Florence, Italy?', { maxTurns: 4 });
    expect(String(result.finalOutput).length).toBeGreaterThan(0);
    const sent = await sentFor(model);
    expect(sent).toHaveLength(2);
    const assistant = anthropicTurns(sent[1]?.body ?? {}).find((turn) => turn.role === 'assistant');
    expect(assistant?.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(assistant?.content[0]?.signature).toMatch(/^Es8DCkYI/);
  });

  it('the OpenAI Agents SDK (chat-completions mode) tool loop replays OpenAI encrypted reasoning to a Responses upstream', async () => {
    const model = uniqueModel('gpt-5-pro');
    const client = new OpenAI({
      apiKey: GATEWAY_KEY,
      baseURL: 'https://gateway.test/v1',
      fetch: (url, init) => exports.default.fetch(new Request(url, init)),
      maxRetries: 0,
    });
    const agent = new Agent({
      name: 'Weather agent',
      instructions: 'Answer with the weather tool.',
      model: new OpenAIChatCompletionsModel(client, `openai/${model}`),
      tools: [
        agentTool({
          name: 'weather',
          description: 'Current weather',
          parameters: z.object({ location: z.string() }),
          execute: async () => '21 C',
        }),
      ],
    });
    await run(agent, 'What is the weather in Florence, Italy?', { maxTurns: 4 });
    const sent = await sentFor(model);
    expect(sent).toHaveLength(2);
    expect(sent.map((entry) => entry.path)).toEqual(['/openai/v1/responses', '/openai/v1/responses']);
    const input = sent[1]?.body.input as { type?: string; encrypted_content?: string }[];
    const reasoning = input.filter((item) => item.type === 'reasoning');
    expect(reasoning).toHaveLength(1);
    expect(reasoning[0]?.encrypted_content?.length).toBeGreaterThan(0);
    expect(input.map((item) => item.type).slice(-3)).toEqual(['reasoning', 'function_call', 'function_call_output']);
  });
});

describe('a client that keeps none of the reasoning extensions', () => {
  it('to Anthropic: thinking is turned off for the follow-up (Anthropic would refuse it) and named as dropped', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const client = openaiClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Florence, Italy?" }];
    const first = await client.chat.completions.create({
      model: `anthropic/${model}`,
      reasoning_effort: 'low',
      messages,
      tools: [weatherTool],
    });
    const call = first.choices[0]?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    // What the AI SDK's and LangChain's chat models send back: the standard fields only.
    const bare = { id: call.id, type: 'function' as const, function: call.function };
    const followUp = await client.chat.completions
      .create({
        model: `anthropic/${model}`,
        reasoning_effort: 'low',
        tools: [weatherTool],
        messages: [
          ...messages,
          { role: 'assistant', content: null, tool_calls: [bare] },
          { role: 'tool', tool_call_id: call.id, content: '40 C' },
        ],
      })
      .withResponse();
    expect(followUp.response.headers.get('x-switchboard-dropped-params')).toBe('reasoning_effort');
    const sent = await sentFor(model);
    expect(sent[0]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(sent[1]?.body).not.toHaveProperty('thinking');
    expect(anthropicTurns(sent[1]?.body ?? {})[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
  });

  it('strict: the same follow-up is a 400 naming reasoning_effort, before any upstream call', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      headers: { 'x-switchboard-strict': 'true' },
      json: {
        model: `anthropic/${model}`,
        reasoning_effort: 'low',
        tools: [weatherTool],
        messages: [
          { role: 'user', content: "What's the weather in Florence, Italy?" },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'toolu_1', content: '40 C' },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('reasoning_effort');
    expect(await sentFor(model)).toHaveLength(0);
  });
});

describe('chat completions: a message-level signature goes back on the call it belongs to', () => {
  const history = (signature: Record<string, string>, callSignature?: string) => [
    { role: 'user', content: "What's the weather in Florence, Italy?" },
    {
      role: 'assistant',
      content: null,
      ...signature,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'weather', arguments: '{"location":"Florence, Italy"}' },
          ...(callSignature ? { signature: callSignature } : {}),
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '40 C' },
  ];
  const geminiModelTurn = (body: Record<string, unknown>) =>
    (body.contents as { role: string; parts: Record<string, unknown>[] }[]).find((content) => content.role === 'model');

  it('to Gemini: the thought signature echoed only on the message reaches the first functionCall part', async () => {
    const model = uniqueModel('gemini-2.5-flash');
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `gemini/${model}`, messages: history({ signature: 'CvMBAb4-recorded-signature' }), tools: [weatherTool] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-dropped-params')).toBeNull();
    const sent = await sentFor(model);
    expect(geminiModelTurn(sent[0]?.body ?? {})?.parts[0]).toMatchObject({ thoughtSignature: 'CvMBAb4-recorded-signature' });
  });

  it("to Gemini: the call's own signature wins over the message's copy", async () => {
    const model = uniqueModel('gemini-2.5-flash');
    await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `gemini/${model}`, messages: history({ signature: 'message-copy' }, 'own-signature'), tools: [weatherTool] },
    });
    const sent = await sentFor(model);
    expect(geminiModelTurn(sent[0]?.body ?? {})?.parts[0]).toMatchObject({ thoughtSignature: 'own-signature' });
  });

  it('to OpenAI (same-dialect lane): the message-level key is removed before the provider sees it', async () => {
    const model = uniqueModel('gpt-4o-mini');
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: `openai/${model}`,
        messages: history({ signature: 'CvMBAb4-recorded-signature' }, 'CvMBAb4-recorded-signature'),
        tools: [weatherTool],
      },
    });
    expect(response.status).toBe(200);
    const sent = await sentFor(model);
    expect(sent[0]?.rawBody).not.toContain('signature');
  });
});

describe('messages: Gemini call signatures also ride on a thinking block of their own', () => {
  const anthropicClient = () =>
    new Anthropic({
      apiKey: GATEWAY_KEY,
      baseURL: 'https://gateway.test',
      fetch: (url, init) => exports.default.fetch(new Request(url, init)),
      maxRetries: 0,
    });
  const tools: Anthropic.Tool[] = [
    { name: 'weather', description: 'Current weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } },
  ];
  const question: Anthropic.MessageParam = { role: 'user', content: "What's the weather in Florence, Italy?" };

  it('a client that keeps only thinking blocks hands the signature back to Gemini; Anthropic never sees the block', async () => {
    const client = anthropicClient();
    const gemini = uniqueModel('gemini-2.5-flash');
    const first = await client.messages.create({ model: `gemini/${gemini}`, max_tokens: 512, messages: [question], tools });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const call = first.content[1] as Anthropic.ToolUseBlock & { signature?: string };
    expect(decodeReasoningState((first.content[0] as Anthropic.ThinkingBlock).signature)).toEqual({ calls: { [call.id]: call.signature } });

    // What the AI SDK's Anthropic provider sends back: thinking with its signature, tool_use without extra keys.
    const { signature: _signature, ...bareCall } = call;
    const history: Anthropic.MessageParam[] = [
      question,
      { role: 'assistant', content: [first.content[0] as Anthropic.ThinkingBlock, bareCall] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21 C' }] },
    ];
    await client.messages.create({ model: `gemini/${gemini}`, max_tokens: 512, messages: history, tools });
    const sentGemini = await sentFor(gemini);
    const contents = (sentGemini[1]?.body.contents ?? []) as { role: string; parts: { thoughtSignature?: string }[] }[];
    const modelTurn = contents.find((turn) => turn.role === 'model');
    expect(modelTurn?.parts[0]?.thoughtSignature).toBe(call.signature);

    const claude = uniqueModel('claude-sonnet-4-5');
    await client.messages.create({ model: `anthropic/${claude}`, max_tokens: 512, messages: history, tools });
    const [sentClaude] = await sentFor(claude);
    expect(sentClaude?.rawBody).not.toContain('swb1.');
    expect(anthropicTurns(sentClaude?.body ?? {})[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
  });
});
