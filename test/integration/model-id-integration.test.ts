/**
 * No model id reaches a provider that the ledger cannot record: ids over 256 characters or
 * with control characters are a 400 in the surface's error shape, before any upstream call,
 * on every way a model is named.
 */
import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';

const marker = () => `mid-${crypto.randomUUID().slice(0, 8)}`;
const tooLong = (tag: string) => `openai/${tag}-${'x'.repeat(300 - tag.length - 8)}`;

async function upstreamSaw(tag: string): Promise<boolean> {
  return (await upstreamRequests()).some((entry) => JSON.stringify(entry.body ?? {}).includes(tag) || entry.path.includes(tag));
}

describe('model ids are checked before any upstream call', () => {
  it('a 300-character model id is a 400 on chat completions (OpenAI error shape)', async () => {
    const tag = marker();
    const model = tooLong(tag);
    expect(model).toHaveLength(300);
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; param: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'model' });
    expect(body.error.message).toContain('256');
    expect(await upstreamSaw(tag)).toBe(false);
  });

  it('a 300-character model id is a 400 on messages (Anthropic error shape) and on embeddings', async () => {
    const tag = marker();
    const messages = await gateway('/v1/messages', {
      method: 'POST',
      json: { model: tooLong(tag), max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const embeddings = await gateway('/v1/embeddings', { method: 'POST', json: { model: tooLong(tag), input: 'hi' } });
    expect(embeddings.status).toBe(400);
    expect(await upstreamSaw(tag)).toBe(false);
  });

  it('a control character in the model id is a 400', async () => {
    const tag = marker();
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model: `openai/${tag}\u0007bell`, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(400);
    expect(await upstreamSaw(tag)).toBe(false);
  });

  it('an over-long target in the x-switchboard-route header is a 400', async () => {
    const tag = marker();
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      headers: { 'x-switchboard-route': tooLong(tag) },
      json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('x-switchboard-route');
    expect(await upstreamSaw(tag)).toBe(false);
  });

  it('a 256-character model id still goes through', async () => {
    const tag = marker();
    const model = `openai/${tag}-${'y'.repeat(256 - tag.length - 8)}`;
    expect(model).toHaveLength(256);
    const response = await gateway('/v1/chat/completions', {
      method: 'POST',
      json: { model, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.status).toBe(200);
    expect(await upstreamSaw(tag)).toBe(true);
  });
});
