import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import { loadConfig } from '../../src/lib/config';
import { GatewayError } from '../../src/lib/http/errors';
import { toTarget } from '../../src/lib/pipeline/chat-dispatch';
import { toAnthropicBody } from '../../src/providers/anthropic/request';
import { azureAdapter } from '../../src/providers/azure';
import { openaiAdapter } from '../../src/providers/openai';
import { apiFor } from '../../src/providers/openai/responses/dialect';
import { toResponsesBody } from '../../src/providers/openai/responses/request';
import type { Target } from '../../src/providers/types';

const target = (model: string, options: Target['options'] = {}, provider = 'openai'): Target => ({
  provider,
  adapter: provider === 'azure' ? 'azure' : 'openai',
  model,
  baseUrl: provider === 'azure' ? 'https://res.openai.azure.com' : 'https://api.openai.com/v1',
  apiKey: 'sk-test',
  options,
});
const request = (body: Record<string, unknown>): ChatRequest => chatRequestSchema.parse({ model: 'openai/gpt-5-pro', ...body });
const user = [{ role: 'user', content: 'Hi' }];

describe('canonical request → Responses body', () => {
  it('system → instructions; a whole tool turn → function_call / function_call_output items by call_id', () => {
    const body = toResponsesBody(
      request({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Weather?' },
              { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'assistant', content: 'Sunny.' },
          { role: 'system', content: 'Late note.' },
          { role: 'user', content: 'Thanks' },
        ],
        tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        parallel_tool_calls: false,
        max_tokens: 300,
        temperature: 0.5,
      }),
      target('gpt-4.1'),
    );
    expect(body).toEqual({
      model: 'gpt-4.1',
      instructions: 'Be brief.\n\nUse tools.',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather?' },
            { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' },
          ],
        },
        { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        { role: 'assistant', content: 'Sunny.' },
        { role: 'system', content: 'Late note.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [{ type: 'function', name: 'weather', description: 'Weather', parameters: { type: 'object' }, strict: false }],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      max_output_tokens: 300,
      temperature: 0.5,
      store: false,
    });
  });

  it('reasoning model: effort, encrypted reasoning included, json_schema → text.format, stream', () => {
    const body = toResponsesBody(
      request({
        messages: user,
        reasoning_effort: 'high',
        verbosity: 'low',
        max_completion_tokens: 1000,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
        stream: true,
        stream_options: { include_usage: true },
        store: true,
        metadata: { team: 'a' },
      }),
      target('gpt-5-pro'),
    );
    expect(body).toMatchObject({
      reasoning: { effort: 'high' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      max_output_tokens: 1000,
      include: ['reasoning.encrypted_content'],
      stream: true,
      store: true,
      metadata: { team: 'a' },
    });
    expect(body).not.toHaveProperty('stream_options');
  });

  it('the thinking extension asks for reasoning summaries; a non-reasoning model gets no include', () => {
    expect(
      toResponsesBody(request({ messages: user, thinking: { type: 'enabled', budget_tokens: 4000 } }), target('gpt-5-codex')),
    ).toMatchObject({
      reasoning: { effort: 'medium', summary: 'auto' },
    });
    expect(toResponsesBody(request({ messages: user }), target('gpt-4.1'))).not.toHaveProperty('include');
  });

  it('OpenAI reasoning blocks are replayed as reasoning items; other providers’ blocks are left out', () => {
    const body = toResponsesBody(
      request({
        messages: [
          ...user,
          {
            role: 'assistant',
            content: 'Hello',
            thinking_blocks: [
              { type: 'thinking', thinking: 'Greeting.', signature: 'openai-reasoning:rs_1:gAAAAenc' },
              { type: 'thinking', thinking: 'Anthropic-signed', signature: 'EqQBCkYIBxgCKkA' },
              { type: 'redacted_thinking', data: 'opaque' },
            ],
          },
          { role: 'user', content: 'Again' },
        ],
      }),
      target('o3-pro'),
    );
    expect(body.input).toEqual([
      { role: 'user', content: 'Hi' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Greeting.' }], encrypted_content: 'gAAAAenc' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Again' },
    ]);
  });

  it('parameters with no Responses equivalent are a 400 naming them, before any upstream call', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ stop: ['END'] }, 'stop'],
      [{ n: 2 }, 'n'],
      [{ logit_bias: { '1': 5 } }, 'logit_bias'],
      [{ presence_penalty: 0.5 }, 'presence_penalty'],
      [{ top_k: 5 }, 'top_k'],
      [
        { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] },
        'messages[0].content[0]',
      ],
    ];
    for (const [extra, param] of cases) {
      let thrown: unknown;
      try {
        toResponsesBody(request({ messages: user, ...extra }), target('gpt-5-pro'));
      } catch (error) {
        thrown = error;
      }
      expect(thrown, param).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).status, param).toBe(400);
      expect((thrown as GatewayError).param, param).toBe(param);
    }
  });
});

describe('choosing the dialect', () => {
  it('the catalog and the -pro / codex families pick Responses for OpenAI (and Azure deployments named so), chat otherwise', () => {
    for (const model of ['gpt-5-pro', 'o1-pro', 'o3-pro-2025-06-10', 'gpt-5-codex', 'gpt-5.1-codex-max', 'codex-mini-latest']) {
      expect(apiFor(target(model)), model).toBe('responses');
    }
    for (const model of ['gpt-4o-mini', 'gpt-5', 'o3', 'gpt-5-mini']) expect(apiFor(target(model)), model).toBe('chat');
    expect(apiFor(target('gpt-5-pro', {}, 'azure'))).toBe('responses');
    expect(apiFor(target('gpt-5-pro', {}, 'openrouter'))).toBe('chat');
  });

  it('SWITCHBOARD_CONFIG api: per provider, per model (which wins), validated', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'sk',
      AZURE_OPENAI_API_KEY: 'az',
      AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
      XAI_API_KEY: 'x',
      SWITCHBOARD_CONFIG: JSON.stringify({
        api: { azure: 'responses', 'azure/legacy': 'chat', 'openai/gpt-4.1': 'responses', 'openai/gpt-5-pro': 'chat' },
      }),
    });
    const resolved = (id: string, model: string) => {
      const provider = config.providers.get(id);
      if (!provider) throw new Error(id);
      return apiFor(toTarget({ provider, model }));
    };
    expect(resolved('azure', 'my-deployment')).toBe('responses');
    expect(resolved('azure', 'legacy')).toBe('chat');
    expect(resolved('openai', 'gpt-4.1')).toBe('responses');
    expect(resolved('openai', 'gpt-5-pro')).toBe('chat');
    expect(resolved('openai', 'gpt-4o')).toBe('chat');
    expect(resolved('xai', 'grok-4')).toBe('chat');
    expect(() => loadConfig({ SWITCHBOARD_CONFIG: '{"api":{"anthropic":"responses"}}' })).toThrow(
      /api\.anthropic: .*has no OpenAI Responses API/,
    );
    expect(() => loadConfig({ SWITCHBOARD_CONFIG: '{"api":{"nope/x":"responses"}}' })).toThrow(/unknown provider 'nope'/);
    expect(() => loadConfig({ SWITCHBOARD_CONFIG: '{"api":{"openai":"completions"}}' })).toThrow(/SWITCHBOARD_CONFIG\.api\.openai/);
  });

  it('the adapters send Responses requests to the right URL with their credential header', () => {
    const body = request({ messages: user });
    const openai = openaiAdapter.chat.buildRequest(body, target('gpt-5-pro'));
    expect(openai.url).toBe('https://api.openai.com/v1/responses');
    expect(openai.headers.authorization).toBe('Bearer sk-test');
    expect(JSON.parse(openai.body)).toMatchObject({ model: 'gpt-5-pro', input: [{ role: 'user', content: 'Hi' }] });
    expect(openaiAdapter.chat.buildRequest(body, target('gpt-4o')).url).toBe('https://api.openai.com/v1/chat/completions');

    const azure = (apiVersion: string) =>
      azureAdapter.chat.buildRequest(body, target('gpt-5-pro', { apiVersion, authHeader: 'api-key' }, 'azure'));
    expect(azure('2025-04-01-preview').url).toBe('https://res.openai.azure.com/openai/responses?api-version=2025-04-01-preview');
    expect(azure('2024-10-21').url).toBe('https://res.openai.azure.com/openai/v1/responses');
    expect(azure('v1').url).toBe('https://res.openai.azure.com/openai/v1/responses');
    expect(azure('preview').url).toBe('https://res.openai.azure.com/openai/v1/responses?api-version=preview');
    expect(azure('v1').headers['api-key']).toBe('sk-test');
    expect(JSON.parse(azure('v1').body).model).toBe('gpt-5-pro');
  });
});

describe('reasoning when a conversation moves between providers', () => {
  it('Anthropic gets its own signed blocks and never OpenAI encrypted reasoning (it could not verify it)', () => {
    const anthropic: Target = {
      provider: 'anthropic',
      adapter: 'anthropic',
      model: 'claude-sonnet-4-5',
      baseUrl: 'https://a',
      apiKey: 'k',
      options: {},
    };
    const body = toAnthropicBody(
      request({
        messages: [
          ...user,
          {
            role: 'assistant',
            content: 'Hello',
            thinking_blocks: [
              { type: 'thinking', thinking: 'From OpenAI.', signature: 'openai-reasoning:rs_1:gAAAAenc' },
              { type: 'thinking', thinking: 'From Anthropic.', signature: 'EqQBCkYIBxgCKkA' },
            ],
          },
          { role: 'user', content: 'Again' },
        ],
      }),
      anthropic,
    ) as { messages: { role: string; content: unknown[] }[] };
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'From Anthropic.', signature: 'EqQBCkYIBxgCKkA' },
      { type: 'text', text: 'Hello' },
    ]);
  });
});
