import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';

const client = openaiClient();

describe('Azure OpenAI through the OpenAI SDK', () => {
  it('text: the deployment URL, api-version and api-key header; no model in the body', async () => {
    const deployment = uniqueModel('gpt-5-mini');
    const completion = await client.chat.completions.create({
      model: `azure/${deployment}`,
      messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Olá!');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);

    const [sent] = await sentFor(deployment);
    expect(sent?.path).toBe(`/azure/openai/deployments/${deployment}/chat/completions`);
    expect(sent?.query).toEqual({ 'api-version': '2024-10-21' });
    expect(sent?.headers['api-key']).toBe('fake-azure-key');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body.model).toBeUndefined();
    expect(sent?.status).toBe(200);
  });

  it('stream: Azure’s empty first chunk is skipped and the text arrives whole', async () => {
    const deployment = uniqueModel('gpt-5-mini');
    const stream = await client.chat.completions.create({
      model: `azure/${deployment}`,
      messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const ids = new Set<string>();
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    // Same-dialect lane: Azure's own bytes, its empty-id prompt_filter_results chunk included.
    const realIds = [...ids].filter(Boolean);
    expect(realIds).toHaveLength(1);
    expect(realIds[0]).toMatch(/^chatcmpl-/);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    const [sent] = await sentFor(deployment);
    expect(sent?.body.stream_options).toEqual({ include_usage: true });
    expect(sent?.query['api-version']).toBe('2024-10-21');
  });

  it('tools: the recorded OpenAI tool call comes back unchanged, id included', async () => {
    const deployment = uniqueModel('gpt-4o');
    const completion = await client.chat.completions.create({
      model: `azure/${deployment}`,
      messages: [{ role: 'user', content: 'What is the weather in Florence?' }],
      tools: [
        {
          type: 'function',
          function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
        },
      ],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.id).toBe('call_IUonKM9GCNis5eMRHuusMqoy');
    expect(call?.type === 'function' && call.function.name).toBe('weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ location: 'Florence, Italy' });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    const [sent] = await sentFor(deployment);
    expect(sent?.body.tools).toHaveLength(1);
    expect(sent?.path).toBe(`/azure/openai/deployments/${deployment}/chat/completions`);
  });

  it('errors keep their type: a 429 is a RateLimitError with Azure’s retry hint', async () => {
    const error = await client.chat.completions
      .create({ model: `azure/${uniqueModel('gpt-4o')}@status=429@retry-after=3`, messages: [{ role: 'user', content: 'hi' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('3');
  });
});
