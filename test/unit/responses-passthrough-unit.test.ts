/**
 * The Responses same-dialect lane at the adapter and stream level: which targets take a
 * Responses body as is, the gateway's only edits to it, and the provider's bytes coming back
 * unchanged through the same decode-and-forward machinery chat and messages use.
 */
import { describe, expect, it } from 'vitest';
import { keyMaterial } from '../../src/lib/cache/key';
import type { ChatRequest } from '../../src/lib/canonical';
import { loadConfig } from '../../src/lib/config';
import { toTarget } from '../../src/lib/pipeline/chat-dispatch';
import { laneFor, serializeForward, withForward } from '../../src/lib/pipeline/same-dialect';
import { isStoredAt, upstreamOf } from '../../src/lib/stored-responses/upstream';
import { type ForwardedStream, forwardedBytes } from '../../src/lib/streams/forwarded-stream';
import { decodeProviderStream } from '../../src/lib/streams/stream-pipeline';
import { anthropicAdapter } from '../../src/providers/anthropic';
import { azureAdapter } from '../../src/providers/azure';
import { openaiAdapter } from '../../src/providers/openai';
import type { ForwardEdits, StreamDecoder, Target } from '../../src/providers/types';
import { chunksToSse, fixture } from '../support/fixtures';
import { adversarialChunkings, byteStream } from '../support/stream-harness';

const encoder = new TextEncoder();
const config = loadConfig({
  OPENAI_API_KEY: 'sk-gateway',
  AZURE_OPENAI_API_KEY: 'az-gateway',
  AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
  DEEPSEEK_API_KEY: 'ds',
  XAI_API_KEY: 'x',
  GROQ_API_KEY: 'g',
  ANTHROPIC_API_KEY: 'a',
  SWITCHBOARD_CONFIG: JSON.stringify({ api: { 'xai/grok-3': 'chat' } }),
});
const target = (provider: string, model: string): Target => {
  const configured = config.providers.get(provider);
  if (!configured) throw new Error(provider);
  return toTarget({ provider: configured, model });
};
const noEdits: ForwardEdits = { prefix: [], overrides: {}, headers: {} };

/** Decode and forward `parts` as the lane does; the client's bytes and the decoded outcome. */
async function forwardThrough(parts: Uint8Array[], decoder: StreamDecoder) {
  const tap: Uint8Array[] = [];
  const decoded = decodeProviderStream(byteStream(parts), decoder, {
    provider: 'openai',
    now: () => 0,
    readToEnd: true,
    onChunk: (bytes) => tap.push(bytes),
  });
  const forwarded: ForwardedStream = { kind: 'stream', contentType: null, tap, fromProvider: () => true };
  const text = await new Response(
    forwardedBytes(decoded.events, forwarded, (error) => `event: gateway-error\ndata: ${error.message}\n\n`),
  ).text();
  return { text, outcome: await decoded.outcome };
}

describe('Responses same-dialect lane', () => {
  it('which targets serve /responses natively (the catalog hosts, Responses-only models, unless configured to chat), and which keep state', () => {
    expect(openaiAdapter.responses.serves(target('openai', 'gpt-4o'))).toBe(true);
    expect(azureAdapter.responses.serves(target('azure', 'any-deployment'))).toBe(true);
    expect(openaiAdapter.responses.serves(target('xai', 'grok-4'))).toBe(true);
    expect(openaiAdapter.responses.serves(target('xai', 'grok-3'))).toBe(false);
    expect(openaiAdapter.responses.serves(target('deepseek', 'deepseek-chat'))).toBe(false);
    expect(openaiAdapter.responses.keepsState(target('openai', 'gpt-4o'))).toBe(true);
    expect(azureAdapter.responses.keepsState(target('azure', 'd'))).toBe(true);
    expect(openaiAdapter.responses.keepsState(target('groq', 'openai/gpt-oss-120b'))).toBe(false);
    expect(openaiAdapter.responses.keepsState(target('xai', 'grok-3'))).toBe(false);
    // The lane for a Responses body: only through a `responses` role that serves the target.
    expect(laneFor(openaiAdapter, 'openai-responses', target('openai', 'gpt-4o'))).toBeDefined();
    expect(laneFor(openaiAdapter, 'openai-responses', target('deepseek', 'deepseek-chat'))).toBeUndefined();
    expect(laneFor(anthropicAdapter, 'openai-responses', target('anthropic', 'claude-sonnet-4-5'))).toBeUndefined();
    // A chat body still never goes as is to a Responses-only model.
    expect(laneFor(openaiAdapter, 'openai-chat', target('openai', 'gpt-5-pro'))).toBeUndefined();
  });

  it('the body goes as written (unknown fields, built-in tools, previous_response_id) with only the model replaced, byte for byte', () => {
    const text =
      '{"model" : "openai/gpt-5-pro", "input":[{"type":"item_reference","id":"msg_1"}],"tools":[{"type":"web_search"},{"type":"mcp","server_label":"x","server_url":"https://mcp.example"}],"previous_response_id":"resp_1","some_future_field":{"nested":[1,2.50]},"stream":true}';
    const body = JSON.parse(text) as Record<string, unknown>;
    const edits: ForwardEdits = { ...noEdits, headers: { 'openai-beta': 'responses=v1' } };
    const spec = openaiAdapter.responses.forwardRequest(body, edits, target('openai', 'gpt-5-pro'));
    expect(spec.url).toBe('https://api.openai.com/v1/responses');
    expect(spec.body).toEqual({ ...body, model: 'gpt-5-pro' });
    expect(spec.dropped).toBeUndefined();
    expect(serializeForward({ body, text }, spec.body)).toBe(text.replace('"openai/gpt-5-pro"', '"gpt-5-pro"'));
    expect(spec.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-gateway', 'openai-beta': 'responses=v1' });

    const azure = azureAdapter.responses.forwardRequest(body, noEdits, target('azure', 'prod-gpt5'));
    expect(azure.url).toBe('https://res.openai.azure.com/openai/v1/responses');
    expect(azure.headers['api-key']).toBe('az-gateway');
    expect(azure.body.model).toBe('prod-gpt5');
  });

  it("the gateway's edits: template and history before the input (system → instructions), route overrides, a reasoning model's sampling parameters named", () => {
    const body = { model: 'openai/gpt-5', input: 'And now?', instructions: 'Be brief.', temperature: 0.2, extra: true };
    const edits: ForwardEdits = {
      prefix: [
        { role: 'system', content: 'Template: answer in French.' },
        { role: 'user', content: 'Earlier question' },
        { role: 'assistant', content: 'Earlier answer' },
      ],
      overrides: { max_tokens: 64 },
      headers: {},
    };
    const spec = openaiAdapter.responses.forwardRequest(body, edits, target('openai', 'gpt-5'));
    expect(spec.body).toEqual({
      model: 'gpt-5',
      instructions: 'Template: answer in French.\n\nBe brief.',
      input: [
        { role: 'user', content: 'Earlier question' },
        { role: 'assistant', content: 'Earlier answer' },
        { role: 'user', content: 'And now?' },
      ],
      max_output_tokens: 64,
      extra: true,
    });
    expect(spec.dropped).toEqual(['temperature']);
    // Not a reasoning model: temperature stays.
    expect(openaiAdapter.responses.forwardRequest(body, noEdits, target('openai', 'gpt-4o')).body.temperature).toBe(0.2);
  });

  it('previous_response_id goes only to the upstream that stored it: same provider, base URL and credential (tagged, never kept)', async () => {
    const openai = target('openai', 'gpt-4o');
    const stored = await upstreamOf(openai);
    expect(stored.provider).toBe('openai');
    expect(stored.credential).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(stored)).not.toContain('sk-gateway');
    expect(await isStoredAt(stored, target('openai', 'gpt-5'))).toBe(true);
    expect(await isStoredAt(stored, { ...openai, apiKey: 'sk-caller-byok' })).toBe(false);
    expect(await isStoredAt(stored, { ...openai, baseUrl: 'https://proxy.example/v1' })).toBe(false);
    expect(await isStoredAt(stored, target('azure', 'gpt-4o'))).toBe(false);
    expect(await isStoredAt(undefined, openai)).toBe(false);
  });

  it('the cache key covers the Responses body the lane would forward (built-in tools, unknown fields), not transport fields', () => {
    const canonical = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] } as ChatRequest;
    const keyOf = (body: Record<string, unknown>) =>
      keyMaterial(
        'chat',
        'openai/gpt-4o',
        withForward(canonical, { dialect: 'openai-responses', body, text: JSON.stringify(body), headers: {}, clientMessages: 1 }),
      );
    const plain = { model: 'openai/gpt-4o', input: 'hi' };
    expect(keyOf(plain)).toBe(keyOf({ ...plain, stream: true, store: false, model: 'gpt-4o' }));
    expect(keyOf({ ...plain, tools: [{ type: 'web_search' }] })).not.toBe(keyOf(plain));
    expect(keyOf({ ...plain, a_field_from_the_future: 1 })).not.toBe(keyOf(plain));
    // Other dialects' keys are the canonical request's, as before.
    const chat = withForward(canonical, { dialect: 'openai-chat', body: { x: 1 }, text: '{"x":1}', headers: {}, clientMessages: 1 });
    expect(keyMaterial('chat', 'openai/gpt-4o', chat)).toBe(keyMaterial('chat', 'openai/gpt-4o', canonical));
  });

  const recordings: [string, string][] = [
    ['tool call (recorded)', fixture('openai/responses/tool-call-stream.sse')],
    [
      'insufficient quota mid-stream (recorded)',
      chunksToSse(fixture('openai/responses/error-stream-insufficient-quota.chunks.jsonl'), { eventFromType: true }),
    ],
  ];
  for (const [name, sse] of recordings) {
    it(`${name}: the client gets the upstream's bytes under every chunking; usage and errors are read alongside`, {
      timeout: 60_000,
    }, async () => {
      const bytes = encoder.encode(sse);
      const whole = await forwardThrough([bytes], openaiAdapter.responses.createStreamDecoder());
      expect(whole.text).toBe(sse);
      for (const { name: chunking, parts } of adversarialChunkings(bytes)) {
        const split = await forwardThrough(parts, openaiAdapter.responses.createStreamDecoder());
        expect(split.text, chunking).toBe(sse);
        expect(split.outcome.usage, chunking).toEqual(whole.outcome.usage);
        expect(split.outcome.error?.code, chunking).toBe(whole.outcome.error?.code);
      }
      if (whole.outcome.error) expect(whole.outcome.error.code).toBe('insufficient_quota');
      else expect(whole.outcome.usage?.inputTokens).toBeGreaterThan(0);
    });
  }
});
