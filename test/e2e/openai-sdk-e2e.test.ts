/**
 * End to end: the official `openai` client → Switchboard under `wrangler dev` (real workerd,
 * local bindings) → the fake upstream replaying recorded OpenAI traffic.
 */
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';

const baseURL = `${inject('gatewayUrl')}/v1`;
const upstreamUrl = inject('e2eUpstreamUrl');
const client = new OpenAI({ apiKey: 'sb-dev-key-1', baseURL, maxRetries: 0 });
const unique = (base = 'gpt-4o-mini') => `${base}-${crypto.randomUUID().slice(0, 8)}`;

interface LoggedRequest {
  body?: { model?: string };
  aborted?: boolean;
}

async function upstreamLog(model: string): Promise<LoggedRequest[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as LoggedRequest[];
  return log.filter((entry) => entry.body?.model === model);
}

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_capital', parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] } },
};

describe('openai SDK against Switchboard (wrangler dev)', () => {
  it('non-streaming completion: content, finish_reason, usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'openai/fixture:chat/text',
      messages: [{ role: 'user', content: 'Invent a holiday' }],
    });
    expect(completion.choices[0]?.message.content).toContain('Galaxy Day');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 });
  });

  it('streaming completion reassembles the recorded text and finishes', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/fixture:chat/text-stream-include-usage',
      stream: true,
      messages: [{ role: 'user', content: 'count to 5' }],
    });
    let text = '';
    let finish: string | null = null;
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) sawUsage = true;
    }
    expect(text).toBe('1, 2, 3, 4, 5');
    expect(finish).toBe('stop');
    expect(sawUsage).toBe(false);
  });

  it('streaming with include_usage delivers the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/fixture:chat/text-stream-include-usage',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 13, total_tokens: 27 });
  });

  it('tool calls pass through, streamed and not', async () => {
    const completion = await client.chat.completions.create({
      model: 'openai/fixture:chat/tool-call',
      messages: [{ role: 'user', content: 'weather in Florence?' }],
      tools: [weatherTool],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({
      id: 'call_IUonKM9GCNis5eMRHuusMqoy',
      function: { name: 'weather', arguments: '{"location":"Florence, Italy"}' },
    });

    const runner = client.chat.completions.stream({
      model: 'openai/fixture:chat/tool-call',
      messages: [{ role: 'user', content: 'capital of the UK?' }],
      tools: [weatherTool],
    });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ country: 'UK' });
  });

  it('typed errors: bad input, wrong key, rate limit, upstream auth failure', async () => {
    await expect(
      // A value the gateway itself reads (a token limit); others are the provider's to judge.
      client.chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const wrongKey = new OpenAI({ apiKey: 'sb-nope', baseURL, maxRetries: 0 });
    await expect(wrongKey.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const limited = client.chat.completions.create({
      model: 'openai/gpt-4o-mini@status=429@retry-after=4',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const error = (await limited.catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.headers?.get('retry-after')).toBe('4');
    expect(error.headers?.get('x-request-id')).toMatch(/^req_/);
    const upstreamAuth = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini@status=401', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(upstreamAuth).toBeInstanceOf(OpenAI.InternalServerError);
    expect(String((upstreamAuth as Error).message)).not.toContain('sk-fake');
  });

  it('a broken upstream stream surfaces as an error in the SDK, not a silent truncation', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini@drop-after=3',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const consume = async () => {
      for await (const _chunk of stream) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow(/stream broke/);
  });

  it('a client that disconnects cancels the upstream request', async () => {
    const model = unique();
    const controller = new AbortController();
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: 'Bearer sb-dev-key-1', 'content-type': 'application/json' },
      body: JSON.stringify({ model: `openai/${model}@chunk-ms=300`, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    let aborted = false;
    for (let attempt = 0; attempt < 50 && !aborted; attempt++) {
      aborted = (await upstreamLog(`${model}@chunk-ms=300`)).some((entry) => entry.aborted === true);
      if (!aborted) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(aborted).toBe(true);
  });
});
