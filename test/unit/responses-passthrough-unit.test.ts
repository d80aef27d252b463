import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config';
import { toTarget } from '../../src/lib/pipeline/chat-dispatch';
import { azureAdapter } from '../../src/providers/azure';
import { openaiAdapter } from '../../src/providers/openai';
import { observeResponsesStream } from '../../src/providers/openai/responses/passthrough';
import type { Target } from '../../src/providers/types';
import { chunksToSse, fixture } from '../support/fixtures';
import { byteStream, splitAt, splitOffsets } from '../support/stream-harness';

const encoder = new TextEncoder();
const config = loadConfig({
  OPENAI_API_KEY: 'sk-gateway',
  AZURE_OPENAI_API_KEY: 'az-gateway',
  AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
  DEEPSEEK_API_KEY: 'ds',
  XAI_API_KEY: 'x',
  SWITCHBOARD_CONFIG: JSON.stringify({ api: { 'xai/grok-3': 'chat' } }),
});
const target = (provider: string, model: string): Target => {
  const configured = config.providers.get(provider);
  if (!configured) throw new Error(provider);
  return toTarget({ provider: configured, model });
};

async function readAllBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('Responses same-dialect lane', () => {
  it('which targets serve /responses natively: the catalog hosts and Responses-only models, unless configured to chat', () => {
    expect(openaiAdapter.responses.serves(target('openai', 'gpt-4o'))).toBe(true);
    expect(azureAdapter.responses.serves(target('azure', 'any-deployment'))).toBe(true);
    expect(openaiAdapter.responses.serves(target('xai', 'grok-4'))).toBe(true);
    expect(openaiAdapter.responses.serves(target('xai', 'grok-3'))).toBe(false);
    expect(openaiAdapter.responses.serves(target('deepseek', 'deepseek-chat'))).toBe(false);
  });

  it('the body goes as written (unknown fields, built-in tools, previous_response_id) with only the model replaced', () => {
    const body = {
      model: 'openai/gpt-5-pro',
      input: [{ type: 'item_reference', id: 'msg_1' }],
      tools: [{ type: 'web_search' }, { type: 'mcp', server_label: 'x', server_url: 'https://mcp.example' }],
      previous_response_id: 'resp_1',
      some_future_field: { nested: [1, 2.5] },
      stream: true,
    };
    const headers = new Headers({ 'openai-beta': 'responses=v1', authorization: 'Bearer sb-caller-key', 'x-other': '1' });
    const spec = openaiAdapter.responses.buildRequest(body, target('openai', 'gpt-5-pro'), headers);
    expect(spec.url).toBe('https://api.openai.com/v1/responses');
    expect(JSON.parse(spec.body)).toEqual({ ...body, model: 'gpt-5-pro' });
    expect(spec.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-gateway', 'openai-beta': 'responses=v1' });

    const azure = azureAdapter.responses.buildRequest(body, target('azure', 'prod-gpt5'));
    expect(azure.url).toBe('https://res.openai.azure.com/openai/v1/responses');
    expect(azure.headers['api-key']).toBe('az-gateway');
    expect(JSON.parse(azure.body).model).toBe('prod-gpt5');
  });

  it('stream bytes pass through unchanged under every chunking, and usage and finish are observed', async () => {
    const bytes = encoder.encode(fixture('openai/responses/tool-call-stream.sse'));
    for (const offsets of [
      [],
      ...splitOffsets(bytes)
        .slice(0, 200)
        .map((offset) => [offset]),
    ]) {
      const { stream, outcome } = observeResponsesStream(byteStream(splitAt(bytes, offsets)));
      expect(await readAllBytes(stream)).toEqual(bytes);
      const seen = await outcome;
      expect(seen.usage?.inputTokens).toBeGreaterThan(0);
      expect(seen.finishReason).toBe('tool_calls');
      expect(seen.responseId).toBe('resp_08e0d5fe24768fbd016a3c11fec04081928b7c5c05d975fc26');
      expect(seen.error).toBeUndefined();
    }
  });

  it('a mid-stream error is observed (the bytes still reach the client as sent)', async () => {
    const sse = chunksToSse(fixture('openai/responses/error-stream-insufficient-quota.chunks.jsonl'), { eventFromType: true });
    const { stream, outcome } = observeResponsesStream(byteStream([encoder.encode(sse)]));
    expect(new TextDecoder().decode(await readAllBytes(stream))).toBe(sse);
    expect((await outcome).error?.code).toBe('insufficient_quota');
  });
});
