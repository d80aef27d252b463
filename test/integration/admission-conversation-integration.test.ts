/**
 * Admission runs on the request as it will be sent: a session's stored system prompt and a
 * rendered template count toward a key's tokens per minute exactly as the same text inline
 * does, and none of the three reaches the provider when it does not fit.
 */
import { describe, expect, it } from 'vitest';
import { gateway, upstreamRequests } from '../support/gateway';
import { createKey, uniqueModel } from '../support/keys';

/** 30 000 characters ≈ 7 500 estimated tokens: over the 5 000-token limit below (and under the 32 KB template cap). */
const LONG = 'lorem ipsum '.repeat(2_500);
const TOKENS_PER_MINUTE = 5_000;

async function send(key: string, model: string, content: string, headers: Record<string, string> = {}) {
  const response = await gateway('/v1/chat/completions', {
    method: 'POST',
    key,
    headers,
    json: { model: `openai/${model}`, max_tokens: 10, messages: [{ role: 'user', content }] },
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

async function reachedUpstream(model: string): Promise<boolean> {
  return (await upstreamRequests()).some((entry) => entry.body?.model === model);
}

describe('admission counts the conversation as sent', () => {
  it('refuses a long prompt inline, from a session and from a template alike, before any upstream call', async () => {
    const { key } = await createKey({ limits: { tokensPerMinute: TOKENS_PER_MINUTE } });

    const inline = uniqueModel();
    expect(await send(key, inline, LONG)).toMatchObject({ status: 429, body: { error: { code: 'tokens_exceed_limit' } } });

    const session = await gateway('/v1/sessions', { method: 'POST', key, json: { system: LONG } });
    expect(session.status).toBe(201);
    const sessionId = ((await session.json()) as { id: string }).id;
    const viaSession = uniqueModel();
    expect(await send(key, viaSession, 'hi', { 'x-switchboard-session': sessionId })).toMatchObject({
      status: 429,
      body: { error: { code: 'tokens_exceed_limit' } },
    });

    const saved = await gateway('/v1/templates/long-brief', { method: 'PUT', key, json: { template: LONG } });
    expect(saved.status).toBe(200);
    const viaTemplate = uniqueModel();
    expect(await send(key, viaTemplate, 'hi', { 'x-switchboard-template': 'long-brief' })).toMatchObject({
      status: 429,
      body: { error: { code: 'tokens_exceed_limit' } },
    });

    for (const model of [inline, viaSession, viaTemplate]) expect(await reachedUpstream(model)).toBe(false);

    // The same key still serves a short prompt: only the long conversation was refused.
    const short = uniqueModel();
    expect((await send(key, short, 'hi')).status).toBe(200);
    expect(await reachedUpstream(short)).toBe(true);
  });
});
