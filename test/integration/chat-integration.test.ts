import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';

const unique = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;

async function sentUpstream(model: string) {
  return (await upstreamRequests()).filter((entry) => entry.body?.model === model);
}

async function readSse(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice(6));
}

describe('POST /v1/chat/completions', () => {
  it('answers a non-streaming completion and injects the provider credential', async () => {
    const model = unique();
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${model}`, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    const body = (await response.json()) as {
      object: string;
      choices: { message: { content: string }; finish_reason: string }[];
      usage: { total_tokens: number };
    };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(10);
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    const [sent] = await sentUpstream(model);
    expect(sent?.auth).toMatchObject({ present: true, value: 'Bearer sk-fake-openai' });
    // The gateway key never travels upstream.
    expect(JSON.stringify(sent)).not.toContain('sb-test-key-1');
  });

  it('uses the default provider for a bare model name', async () => {
    const model = unique();
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(200);
    expect(await sentUpstream(model)).toHaveLength(1);
  });

  it('always asks upstream for stream usage, and strips the usage chunk when the caller did not ask', async () => {
    const model = unique();
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${model}`, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(response);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as { choices: unknown[]; usage?: unknown });
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    const [sent] = await sentUpstream(model);
    expect(sent?.body.stream_options).toEqual({ include_usage: true });
  });

  it('sends the usage chunk last when the caller asked for it', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: `openai/${unique()}`,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'hi' }],
      },
    });
    const events = await readSse(response);
    const last = JSON.parse(events.at(-2) ?? '{}') as { choices: unknown[]; usage: { prompt_tokens: number } };
    expect(last.choices).toEqual([]);
    expect(last.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams tool calls with indices and arguments intact', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: {
        model: `openai/${unique()}`,
        stream: true,
        messages: [{ role: 'user', content: 'capital of the UK?' }],
        tools: [
          {
            type: 'function',
            function: { name: 'get_capital', parameters: { type: 'object', properties: { country: { type: 'string' } } } },
          },
        ],
      },
    });
    const chunks = (await readSse(response)).slice(0, -1).map((data) => JSON.parse(data));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_capital' } });
    const args = calls.map((call: { function: { arguments?: string } }) => call.function.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ country: 'UK' });
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('ends a stream that the upstream drops with an error event the client can see', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${unique()}@drop-after=3`, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    const events = await readSse(response);
    expect(events).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-1) ?? '{}')).toMatchObject({ error: { type: 'upstream_error' } });
  });

  it('treats a stream with no finish reason as a failure', async () => {
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${unique()}@no-finish`, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    const events = await readSse(response);
    expect(JSON.parse(events.at(-1) ?? '{}').error.message).toMatch(/without a finish reason/);
  });
});
