/**
 * Chat-completions callers routed to models that exist only on OpenAI's Responses API (gpt-5-pro,
 * the codex family), Azure deployments, the config override and the same-dialect lane: the OpenAI
 * adapter's Responses dialect, inside workerd, against the fake upstream's `/responses` replaying
 * recorded Responses traffic. Each test checks what was sent upstream and what the caller got.
 */
import { env } from 'cloudflare:workers';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ledgerFor } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, keyIdOf } from '../support/accounting';
import { fixtureJson } from '../support/fixtures';
import { GATEWAY_KEY } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';
import { callWorker, envWith } from '../support/worker';

const client = openaiClient();

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'weather',
    description: 'Get weather information for a location',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};
const recordedReasoning = fixtureJson<{ output: { id: string; encrypted_content?: string; call_id?: string }[] }>(
  'openai/responses/reasoning-summary-tool-call.json',
);

describe('chat completions → a Responses-only model', () => {
  it('non-stream: POST /responses with instructions, input, store false and encrypted reasoning; chat answer and usage back', async () => {
    const model = uniqueModel('gpt-5-pro');
    const completion = await client.chat.completions.create({
      model: `openai/${model}`,
      messages: [
        { role: 'system', content: 'You are a helpful assistant' },
        { role: 'user', content: 'Say hi in Portuguese' },
      ],
      max_completion_tokens: 400,
      reasoning_effort: 'high',
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('Olá!');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 });

    const [sent] = await sentFor(model);
    expect(sent?.path).toBe('/openai/v1/responses');
    expect(sent?.headers.authorization).toBe('Bearer sk-fake-openai');
    expect(sent?.body).toEqual({
      model,
      instructions: 'You are a helpful assistant',
      input: [{ role: 'user', content: 'Say hi in Portuguese' }],
      reasoning: { effort: 'high' },
      max_output_tokens: 400,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
  });

  it('stream: Responses events → chat chunks, usage chunk, [DONE]; usage recorded once in the ledger', async () => {
    const model = uniqueModel('gpt-5-codex');
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: `openai/${model}`,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
      },
    });
    expect(call.response.status).toBe(200);
    expect(call.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await call.response.text();
    await call.settled();
    const chunks = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => JSON.parse(block.slice(6)) as OpenAI.ChatCompletionChunk);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Olá!');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 3 });
    const [sent] = await sentFor(model);
    expect(sent?.body).toMatchObject({ stream: true, store: false });
    expect(sent?.body).not.toHaveProperty('stream_options');

    const keyId = await keyIdOf(GATEWAY_KEY);
    const requestId = call.response.headers.get('x-request-id') ?? '';
    expect(await deliveriesOf(keyId, [requestId])).toEqual({ [requestId]: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const row = (await ledgerFor(env, keyId).rows(today, today)).find((entry) => entry.model === model);
    expect(row).toMatchObject({ requests: 1, successes: 1, prompt_tokens: 20, completion_tokens: 3, estimated_requests: 0 });
  });

  it('a tool loop: reasoning + function call out, then reasoning replayed (encrypted) with the tool result', async () => {
    // The recording's own ids (the fake mints fresh ones otherwise): the reasoning item's id is asserted below.
    const model = `${uniqueModel('gpt-5-pro')}@recorded-ids`;
    const question = { role: 'user' as const, content: 'What is the weather in Florence?' };
    const first = await client.chat.completions.create({ model: `openai/${model}`, messages: [question], tools: [weatherTool] });
    const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & { thinking_blocks?: { signature: string }[] };
    const toolCall = message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(toolCall?.id).toBe(recordedReasoning.output[1]?.call_id);
    expect(toolCall?.type === 'function' && JSON.parse(toolCall.function.arguments)).toEqual({ location: 'Florence, Italy' });
    const reasoningItem = recordedReasoning.output[0];
    expect(message.thinking_blocks?.[0]?.signature).toBe(`openai-reasoning:${reasoningItem?.id}:${reasoningItem?.encrypted_content}`);
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBe(64);

    const [sentFirst] = await sentFor(model);
    expect(sentFirst?.body.tools).toEqual([
      {
        type: 'function',
        name: 'weather',
        description: 'Get weather information for a location',
        parameters: weatherTool.function.parameters,
        strict: false,
      },
    ]);

    const second = await client.chat.completions.create({
      model: `openai/${model}`,
      tools: [weatherTool],
      messages: [
        question,
        message as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: toolCall?.id ?? '', content: '{"weather":"sunny"}' },
      ],
    });
    expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const sentSecond = (await sentFor(model))[1];
    expect(sentSecond?.body.input).toEqual([
      { role: 'user', content: 'What is the weather in Florence?' },
      { type: 'reasoning', id: reasoningItem?.id, summary: [], encrypted_content: reasoningItem?.encrypted_content },
      { type: 'function_call', call_id: toolCall?.id, name: 'weather', arguments: '{"location":"Florence, Italy"}' },
      { type: 'function_call_output', call_id: toolCall?.id, output: '{"weather":"sunny"}' },
    ]);
  });

  it('stream with a tool: reasoning and tool-call deltas arrive as chat chunks', async () => {
    const model = uniqueModel('o3-pro');
    const stream = await client.chat.completions.create({
      model: `openai/${model}`,
      messages: [{ role: 'user', content: 'What is the weather in Florence?' }],
      tools: [weatherTool],
      stream: true,
    });
    let args = '';
    let id: string | undefined;
    let finish: string | null | undefined;
    let signature: string | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        | (OpenAI.ChatCompletionChunk.Choice.Delta & { thinking_blocks?: { signature: string }[] })
        | undefined;
      for (const call of delta?.tool_calls ?? []) {
        id ??= call.id;
        args += call.function?.arguments ?? '';
      }
      signature ??= delta?.thinking_blocks?.[0]?.signature;
      finish ??= chunk.choices[0]?.finish_reason;
    }
    expect(id).toBe(recordedReasoning.output[1]?.call_id);
    expect(JSON.parse(args)).toEqual({ location: 'Florence, Italy' });
    expect(signature).toMatch(/^openai-reasoning:rs_/);
    expect(finish).toBe('tool_calls');
  });

  it('a parameter with no Responses equivalent is a 400 naming it, and nothing is sent upstream', async () => {
    const model = uniqueModel('gpt-5-pro');
    const error = await client.chat.completions
      .create({ model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }], stop: ['END'] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('stop');
    expect(await sentFor(model)).toEqual([]);
  });

  it('an upstream 429 from /responses keeps its type and retry hint', async () => {
    const error = await client.chat.completions
      .create({ model: `openai/${uniqueModel('gpt-5-pro')}@status=429@retry-after=2`, messages: [{ role: 'user', content: 'hi' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('2');
  });

  it('a stream that breaks after its first text ends with an error the SDK raises, never a silent stop', async () => {
    // Five events: created, in_progress, output_item.added, content_part.added, the first text delta.
    const stream = await client.chat.completions.create({
      model: `openai/${uniqueModel('gpt-5-pro')}@drop-after=5`,
      messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
      stream: true,
    });
    let text = '';
    const consume = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toThrow(/stream broke/);
    expect(text).toBe('Olá');
  });
});

describe('Azure deployments and the config override', () => {
  it('an Azure deployment named after a Responses-only model goes to /openai/v1/responses with its api-key', async () => {
    const deployment = uniqueModel('gpt-5-codex');
    const completion = await client.chat.completions.create({
      model: `azure/${deployment}`,
      messages: [{ role: 'user', content: 'Say one word' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Word');
    const [sent] = await sentFor(deployment);
    expect(sent?.path).toBe('/azure/openai/v1/responses');
    expect(sent?.headers['api-key']).toBe('fake-azure-key');
    expect(sent?.body.model).toBe(deployment);
  });

  it('SWITCHBOARD_CONFIG api sends a chat model through Responses (and a dated Azure version to /openai/responses)', async () => {
    const model = uniqueModel('gpt-4.1');
    const deployment = uniqueModel('my-deployment');
    const configured = envWith({
      SWITCHBOARD_CONFIG: JSON.stringify({ api: { [`openai/${model}`]: 'responses', azure: 'responses' } }),
      AZURE_OPENAI_API_VERSION: '2025-04-01-preview',
    });
    const openaiCall = await callWorker('/v1/chat/completions', {
      method: 'POST',
      env: configured,
      json: { model: `openai/${model}`, messages: [{ role: 'user', content: 'Say hi in Portuguese' }] },
    });
    expect(((await openaiCall.response.json()) as OpenAI.ChatCompletion).choices[0]?.message.content).toBe('Olá!');
    expect((await sentFor(model))[0]?.path).toBe('/openai/v1/responses');

    const azureCall = await callWorker('/v1/chat/completions', {
      method: 'POST',
      env: configured,
      json: { model: `azure/${deployment}`, messages: [{ role: 'user', content: 'Say one word' }] },
    });
    expect(azureCall.response.status).toBe(200);
    const [sent] = await sentFor(deployment);
    expect(sent?.path).toBe('/azure/openai/responses');
    expect(sent?.query).toEqual({ 'api-version': '2025-04-01-preview' });
    await Promise.all([openaiCall.settled(), azureCall.settled()]);
  });
});
