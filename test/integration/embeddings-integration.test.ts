import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { decodeBase64Floats } from '../../src/lib/base64-floats';
import { gateway } from '../support/gateway';
import { openaiClient, sentFor, uniqueModel } from '../support/openai-client';

const client = openaiClient();

interface EmbeddingsBody {
  object: string;
  model: string;
  data: { object: string; index: number; embedding: number[] | string }[];
  usage: { prompt_tokens: number; total_tokens: number; estimated?: boolean };
}

async function embed(json: Record<string, unknown>): Promise<{ status: number; body: EmbeddingsBody; response: Response }> {
  const response = await gateway('/v1/embeddings', { method: 'POST', json });
  return { status: response.status, body: (await response.json()) as EmbeddingsBody, response };
}

describe('POST /v1/embeddings', () => {
  it('OpenAI, floats: one vector per input, in order, with usage', async () => {
    const model = uniqueModel('text-embedding-3-small');
    const result = await client.embeddings.create({ model: `openai/${model}`, input: ['first', 'second'], encoding_format: 'float' });
    expect(result.object).toBe('list');
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    expect(result.data[0]?.embedding).toHaveLength(1536);
    expect(result.data[0]?.embedding).not.toEqual(result.data[1]?.embedding);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    expect(result.usage.total_tokens).toBe(result.usage.prompt_tokens);
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe('/openai/v1/embeddings');
    expect(sent?.headers.authorization).toBe('Bearer sk-fake-openai');
  });

  it('OpenAI, base64: little-endian float32 that decodes to the float answer', async () => {
    const model = `openai/${uniqueModel('text-embedding-3-small')}`;
    const floats = await embed({ model, input: 'same text', encoding_format: 'float' });
    const base64 = await embed({ model, input: 'same text', encoding_format: 'base64' });
    expect(typeof base64.body.data[0]?.embedding).toBe('string');
    const decoded = decodeBase64Floats(base64.body.data[0]?.embedding as string);
    const float = (floats.body.data[0]?.embedding ?? []) as number[];
    expect(decoded).toHaveLength(1536);
    expect(decoded).toEqual(float.map((value) => Math.fround(value)));
  });

  it('the SDK’s default (base64, decoded client-side) gives the same vector as floats', async () => {
    const model = `openai/${uniqueModel('text-embedding-3-small')}`;
    const viaDefault = await client.embeddings.create({ model, input: 'sdk default' });
    const viaFloat = await client.embeddings.create({ model, input: 'sdk default', encoding_format: 'float' });
    expect(viaDefault.data[0]?.embedding).toEqual(viaFloat.data[0]?.embedding.map((value) => Math.fround(value)));
  });

  it('dimensions are passed to the provider', async () => {
    const model = uniqueModel('text-embedding-3-large');
    const result = await client.embeddings.create({ model: `openai/${model}`, input: 'short', dimensions: 64, encoding_format: 'float' });
    expect(result.data[0]?.embedding).toHaveLength(64);
    const [sent] = await sentFor(model);
    expect(sent?.body).toMatchObject({ dimensions: 64, encoding_format: 'float', model });
  });

  it('Azure: the deployment’s embeddings URL with api-version and api-key', async () => {
    const deployment = uniqueModel('text-embedding-3-small');
    const result = await client.embeddings.create({ model: `azure/${deployment}`, input: ['a', 'b'], encoding_format: 'float' });
    expect(result.data).toHaveLength(2);
    const [sent] = await sentFor(deployment);
    expect(sent?.path).toBe(`/azure/openai/deployments/${deployment}/embeddings`);
    expect(sent?.query).toEqual({ 'api-version': '2024-10-21' });
    expect(sent?.headers['api-key']).toBe('fake-azure-key');
    expect(sent?.body.model).toBeUndefined();
  });

  it('Gemini, one input: embedContent with outputDimensionality, usage estimated', async () => {
    const model = uniqueModel('text-embedding-004');
    const { status, body, response } = await embed({ model: `gemini/${model}`, input: 'hello world', dimensions: 32 });
    expect(status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('gemini');
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.embedding).toHaveLength(32);
    expect(body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3, estimated: true });
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe(`/gemini/v1beta/models/${model}:embedContent`);
    expect(sent?.headers['x-goog-api-key']).toBe('fake-gemini-key');
    expect(sent?.body).toEqual({ content: { parts: [{ text: 'hello world' }] }, outputDimensionality: 32 });
  });

  it('Gemini, several inputs: one batchEmbedContents call, vectors in input order', async () => {
    const model = uniqueModel('text-embedding-004');
    const batch = await client.embeddings.create({ model: `gemini/${model}`, input: ['a', 'b', 'c'], encoding_format: 'float' });
    expect(batch.data.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(batch.data[0]?.embedding).toHaveLength(768);
    const single = await client.embeddings.create({ model: `gemini/${model}`, input: 'b', encoding_format: 'float' });
    expect(batch.data[1]?.embedding).toEqual(single.data[0]?.embedding);
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe(`/gemini/v1beta/models/${model}:batchEmbedContents`);
    expect(sent?.body.requests).toHaveLength(3);
  });

  const bad: [string, Record<string, unknown>, string | null][] = [
    ['an empty input list', { input: [] }, 'input'],
    ['an empty string', { input: '' }, 'input'],
    ['zero dimensions', { input: 'x', dimensions: 0 }, 'dimensions'],
    ['an unknown encoding', { input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    ['an unknown field', { input: 'x', truncate: true }, 'truncate'],
    ['no input', {}, 'input'],
  ];
  for (const [name, fields, param] of bad) {
    it(`answers 400 for ${name}`, async () => {
      const response = await gateway('/v1/embeddings', { method: 'POST', json: { model: 'openai/text-embedding-3-small', ...fields } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { type: string; param: string | null } };
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param });
    });
  }

  it('answers 400 for token input to Gemini, before calling it', async () => {
    const model = uniqueModel('text-embedding-004');
    const request = client.embeddings.create({ model: `gemini/${model}`, input: [[1, 2, 3]] });
    await expect(request).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(request).rejects.toThrow(/text only/);
    expect(await sentFor(model)).toEqual([]);
  });

  it('answers 400 for a provider that is not configured, and passes provider errors through typed', async () => {
    const missing = await embed({ model: 'anthropic/claude-embed', input: 'x' });
    expect(missing.status).toBe(400);
    const limited = client.embeddings.create({ model: `openai/${uniqueModel('text-embedding-3-small')}@status=429`, input: 'x' });
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });
});
