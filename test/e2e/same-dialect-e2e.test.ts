/**
 * End to end under `wrangler dev`: the official SDKs on the same-dialect lane. The Anthropic
 * SDK's request (cache_control, anthropic-beta, a field the strict schema does not know)
 * reaches the upstream byte-identical but for the model; the stream each SDK reads is
 * byte-identical to the upstream's; usage is recorded once per request.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';
import { tag, usageRowsOnce } from './support/gateway-reads';

const gatewayUrl = inject('gatewayUrl');
const upstreamUrl = inject('e2eUpstreamUrl');
const KEY = 'sb-dev-key-1';

/** A fetch that keeps a copy of every request body the SDK sends and every response body it reads. */
function recordingFetch(bodies: string[], sentBodies: string[] = []): typeof fetch {
  return async (input, init) => {
    if (typeof init?.body === 'string') sentBodies.push(init.body);
    const response = await fetch(input, init);
    if (!response.body) return response;
    const [forSdk, forTest] = response.body.tee();
    const chunks: Uint8Array[] = [];
    const done = (async () => {
      for await (const chunk of forTest) chunks.push(chunk);
      bodies.push(Buffer.concat(chunks).toString('utf8'));
    })();
    void done;
    return new Response(forSdk, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

interface Logged {
  path: string;
  rawBody: string;
  headers: Record<string, string>;
}

async function upstreamWith(mark: string): Promise<Logged[]> {
  const log = (await (await fetch(`${upstreamUrl}/__fake/requests`)).json()) as Logged[];
  return log.filter((entry) => entry.rawBody?.includes(mark));
}

/** The upstream's own answer to the body the gateway sent (the fake replays deterministically). */
async function directBytes(sent: Logged): Promise<string> {
  const auth: Record<string, string> = sent.path.startsWith('/anthropic')
    ? { 'x-api-key': 'sk-ant-fake', 'anthropic-version': '2023-06-01' }
    : { authorization: 'Bearer sk-fake-openai' };
  const response = await fetch(`${upstreamUrl}${sent.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: sent.rawBody,
  });
  return response.text();
}

describe('same-dialect lane with the official SDKs (wrangler dev)', () => {
  it('@anthropic-ai/sdk stream: the request arrives unchanged but for the model, the stream is the upstream bytes', async () => {
    const bodies: string[] = [];
    const mark = tag();
    const model = `claude-sonnet-4-5-${mark}`;
    const requests: string[] = [];
    const anthropic = new Anthropic({ apiKey: KEY, baseURL: gatewayUrl, maxRetries: 0, fetch: recordingFetch(bodies, requests) });
    const params = {
      model: `anthropic/${model}`,
      max_tokens: 256,
      system: [{ type: 'text' as const, text: `Be brief ${mark}`, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }],
      messages: [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi', cache_control: { type: 'ephemeral' as const } }] },
      ],
      // A field this gateway's strict schema has never heard of: forwarded, not refused.
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
    };
    const stream = anthropic.messages.stream(params as Anthropic.MessageStreamParams, {
      headers: { 'anthropic-beta': 'context-management-2025-06-27' },
    });
    const final = await stream.finalMessage();
    expect(final.content.length).toBeGreaterThan(0);
    const [sent, ...more] = await upstreamWith(mark);
    expect(more).toEqual([]);
    expect(sent?.path).toBe('/anthropic/v1/messages');
    expect(sent?.headers['anthropic-beta']).toBe('context-management-2025-06-27');
    expect(sent?.headers['x-api-key']).toBe('sk-ant-fake');
    // Byte-identical to what the SDK sent, but for the model.
    expect(requests).toHaveLength(1);
    expect(sent?.rawBody).toBe(requests[0]?.replace(`"anthropic/${model}"`, `"${model}"`));
    expect(JSON.parse(sent?.rawBody ?? '{}')).toMatchObject({ context_management: params.context_management, system: params.system });
    await expect.poll(() => bodies.length).toBe(1);
    expect(bodies[0]).toBe(await directBytes(sent as Logged));
    const rows = await usageRowsOnce(gatewayUrl, KEY, model, 1);
    expect(rows[0]).toMatchObject({ requests: 1 });
    expect(rows[0]?.prompt_tokens).toBeGreaterThan(0);
  });

  it('openai SDK stream: the stream is the upstream bytes, usage recorded once', async () => {
    const bodies: string[] = [];
    const mark = tag();
    const model = `gpt-4o-mini-${mark}`;
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gatewayUrl}/v1`, maxRetries: 0, fetch: recordingFetch(bodies) });
    const stream = await client.chat.completions.create({
      model: `openai/${model}`,
      stream: true,
      stream_options: { include_usage: true },
      prompt_cache_key: `key-${mark}`,
      messages: [{ role: 'user', content: `count to 5 ${mark}` }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    const [sent] = await upstreamWith(mark);
    expect(sent?.path).toBe('/openai/v1/chat/completions');
    expect(JSON.parse(sent?.rawBody ?? '{}')).toMatchObject({ model, prompt_cache_key: `key-${mark}` });
    await expect.poll(() => bodies.length).toBe(1);
    expect(bodies[0]).toBe(await directBytes(sent as Logged));
    const rows = await usageRowsOnce(gatewayUrl, KEY, model, 1);
    expect(rows[0]?.completion_tokens).toBeGreaterThan(0);
  });
});
