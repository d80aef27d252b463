import { describe, expect, it } from 'vitest';
import { decodeBase64Floats, encodeBase64Floats } from '../../src/lib/base64-floats';
import { GatewayError } from '../../src/lib/http/errors';
import { embeddingsOf } from '../../src/lib/pipeline/embeddings-dispatch';
import { estimateEmbeddingsUsage } from '../../src/lib/pipeline/embeddings-pipeline';
import { azureAuxiliary } from '../../src/providers/azure/auxiliary';
import { geminiAuxiliary } from '../../src/providers/gemini/auxiliary';
import { openaiAuxiliary } from '../../src/providers/openai/auxiliary';
import type { AuxiliaryRoles, Target } from '../../src/providers/types';
import { fixtureJson } from '../support/fixtures';

const target = (adapter: Target['adapter'], model: string, baseUrl: string, options: Target['options'] = {}): Target => ({
  provider: adapter,
  adapter,
  model,
  baseUrl,
  apiKey: 'secret',
  options,
});

describe('base64 embeddings (little-endian float32)', () => {
  it('round-trips float32 values exactly', () => {
    const values = [0.0057293195, -0.012727811, 1, -2.5, 0];
    const decoded = decodeBase64Floats(encodeBase64Floats(values));
    expect(decoded).toEqual(values.map((value) => Math.fround(value)));
  });

  it('matches OpenAI’s byte layout', () => {
    // 1.0f little-endian is 00 00 80 3f.
    expect(encodeBase64Floats([1])).toBe(btoa(String.fromCharCode(0, 0, 0x80, 0x3f)));
  });

  it('encodes a long vector without overflowing the call stack', () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i / 40_000);
    expect(decodeBase64Floats(encodeBase64Floats(values))).toHaveLength(40_000);
  });
});

describe('embeddings adapters', () => {
  it('OpenAI: POST {base}/embeddings, always asking for floats', () => {
    const spec = openaiAuxiliary.embeddings.buildRequest(
      { model: 'openai/text-embedding-3-small', input: ['a', 'b'], dimensions: 8, encoding_format: 'base64', user: 'u' },
      target('openai', 'text-embedding-3-small', 'https://api.example/v1'),
    );
    expect(spec.url).toBe('https://api.example/v1/embeddings');
    expect(spec.headers.authorization).toBe('Bearer secret');
    expect(JSON.parse(spec.body)).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 8,
      encoding_format: 'float',
      user: 'u',
    });
  });

  it('OpenAI: reads the recorded response, and base64 vectors from hosts that ignore encoding_format', () => {
    const recorded = openaiAuxiliary.embeddings.parseResponse(fixtureJson('openai/embeddings/embedding.json'), target('openai', 'm', ''));
    expect(recorded.usage).toEqual({ inputTokens: 12, outputTokens: 0 });
    expect(recorded.data[1]?.embedding[0]).toBe(-0.037104916);
    const base64 = openaiAuxiliary.embeddings.parseResponse(
      { data: [{ index: 0, embedding: encodeBase64Floats([0.5, -1]) }], model: 'm' },
      target('openai', 'm', ''),
    );
    expect(base64.data[0]?.embedding).toEqual([0.5, -1]);
  });

  it('Azure: the deployment URL with api-version and the api-key header, no model in the body', () => {
    const spec = azureAuxiliary.embeddings.buildRequest(
      { model: 'azure/embed-prod', input: 'hello' },
      target('azure', 'embed-prod', 'https://res.openai.azure.com', { authHeader: 'api-key', apiVersion: '2024-10-21' }),
    );
    expect(spec.url).toBe('https://res.openai.azure.com/openai/deployments/embed-prod/embeddings?api-version=2024-10-21');
    expect(spec.headers['api-key']).toBe('secret');
    expect(spec.headers.authorization).toBeUndefined();
    expect(JSON.parse(spec.body)).toEqual({ input: 'hello', encoding_format: 'float' });
  });

  it('Gemini: embedContent for one input, with outputDimensionality', () => {
    const spec = geminiAuxiliary.embeddings.buildRequest(
      { model: 'gemini/text-embedding-004', input: ['hello'], dimensions: 64 },
      target('gemini', 'text-embedding-004', 'https://g.example'),
    );
    expect(spec.url).toBe('https://g.example/v1beta/models/text-embedding-004:embedContent');
    expect(spec.headers['x-goog-api-key']).toBe('secret');
    expect(JSON.parse(spec.body)).toEqual({ content: { parts: [{ text: 'hello' }] }, outputDimensionality: 64 });
  });

  it('Gemini: batchEmbedContents for several, each request naming the model', () => {
    const spec = geminiAuxiliary.embeddings.buildRequest(
      { model: 'gemini/text-embedding-004', input: ['a', 'b'] },
      target('gemini', 'text-embedding-004', 'https://g.example'),
    );
    expect(spec.url).toBe('https://g.example/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(JSON.parse(spec.body)).toEqual({
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] } },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'b' }] } },
      ],
    });
  });

  it('Gemini: token input is a clear 400', () => {
    const build = () => geminiAuxiliary.embeddings.buildRequest({ model: 'gemini/x', input: [1, 2, 3] }, target('gemini', 'x', ''));
    expect(build).toThrow(/text only/);
  });

  it('Gemini: reads single and batch responses, with no usage reported', () => {
    const single = geminiAuxiliary.embeddings.parseResponse({ embedding: { values: [0.1, 0.2] } }, target('gemini', 'x', ''));
    const batch = geminiAuxiliary.embeddings.parseResponse({ embeddings: [{ values: [1] }, { values: [2] }] }, target('gemini', 'x', ''));
    expect(single).toEqual({ model: 'x', data: [{ index: 0, embedding: [0.1, 0.2] }] });
    expect(batch.data.map((item) => [item.index, item.embedding])).toEqual([
      [0, [1]],
      [1, [2]],
    ]);
    expect(() => geminiAuxiliary.embeddings.parseResponse({ nothing: true }, target('gemini', 'x', ''))).toThrow(GatewayError);
  });

  it('a provider without embeddings is a clear 400', () => {
    const countOnly: AuxiliaryRoles = { countTokens: { buildRequest: () => ({ url: '', headers: {}, body: '' }), parseResponse: () => 0 } };
    let error: unknown;
    try {
      embeddingsOf(countOnly, target('anthropic', 'claude', ''));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ status: 400, code: 'embeddings_not_supported', param: 'model' });
  });

  it('estimates usage when the provider reports none, and says so', () => {
    expect(estimateEmbeddingsUsage('12345678')).toEqual({ inputTokens: 2, outputTokens: 0, estimated: true });
    expect(estimateEmbeddingsUsage(['a', 'bcdef'])).toEqual({ inputTokens: 3, outputTokens: 0, estimated: true });
    expect(estimateEmbeddingsUsage([[1, 2, 3], [4]])).toEqual({ inputTokens: 4, outputTokens: 0, estimated: true });
    expect(estimateEmbeddingsUsage([1, 2, 3])).toEqual({ inputTokens: 3, outputTokens: 0, estimated: true });
  });
});
