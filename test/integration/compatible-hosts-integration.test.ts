/** OpenAI-compatible hosts are the OpenAI adapter with configuration, not copies of it. */
import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';

const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

async function chat(model: string, extra: Record<string, unknown> = {}) {
  return gateway('/v1/chat/completions', { method: 'POST', json: { model, messages: [{ role: 'user', content: 'hi' }], ...extra } });
}

async function sseData(response: Response) {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: ') && !block.startsWith('data: [DONE]'))
    .map((block) => JSON.parse(block.slice(6)));
}

describe('OpenAI-compatible hosts', () => {
  it('DeepSeek: reasoning_content streams through as reasoning_content, usage comes from the finish chunk', async () => {
    const response = await chat('deepseek/deepseek-reasoner', { stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('x-switchboard-provider')).toBe('deepseek');
    const chunks = await sseData(response);
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta?.reasoning_content ?? '').join('');
    const content = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(reasoning.length).toBeGreaterThan(20);
    expect(content.length).toBeGreaterThan(0);
    const usage = chunks.at(-1).usage;
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('DeepSeek: non-stream reasoning arrives as message.reasoning_content', async () => {
    const body = (await (await chat('deepseek/deepseek-reasoner')).json()) as {
      choices: { message: { reasoning_content?: string; content: string } }[];
    };
    expect(body.choices[0]?.message.reasoning_content?.length).toBeGreaterThan(0);
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
  });

  it('DeepSeek: the gateway reasoning extension is stripped before DeepSeek sees it (DeepSeek rejects it)', async () => {
    const model = unique('deepseek-chat');
    await gateway('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: `deepseek/${model}`,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello', reasoning_content: 'thinking…' },
          { role: 'user', content: 'again' },
        ],
      },
    });
    const [sent] = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    expect(sent?.path).toBe('/deepseek/chat/completions');
    expect(JSON.stringify(sent?.body)).not.toContain('reasoning_content');
    expect(sent?.auth?.value).toBe('Bearer sk-fake-deepseek');
  });

  it('Mistral: streamed text and finish-chunk usage', async () => {
    const chunks = await sseData(await chat('mistral/mistral-small-latest', { stream: true, stream_options: { include_usage: true } }));
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
  });

  it('Groq: tool call non-stream', async () => {
    const response = await chat('groq/llama-3.3-70b-versatile', {
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
    });
    const body = (await response.json()) as { choices: { finish_reason: string; message: { tool_calls: unknown[] } }[] };
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
    expect(body.choices[0]?.message.tool_calls.length).toBeGreaterThan(0);
  });

  it('OpenRouter: model ids with slashes pass through whole', async () => {
    const model = unique('meta-llama/llama-3.3-70b');
    const response = await chat(`openrouter/${model}`);
    expect(response.status).toBe(200);
    const [sent] = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    expect(sent?.path).toBe('/openrouter/api/v1/chat/completions');
  });

  it('Ollama: a keyless self-hosted server gets no credential header', async () => {
    const model = unique('llama3.2');
    const response = await chat(`ollama/${model}`);
    expect(response.status).toBe(200);
    const [sent] = (await upstreamRequests()).filter((entry) => entry.body?.model === model);
    expect(sent?.headers.authorization).toBeUndefined();
  });
});
