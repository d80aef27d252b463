/**
 * The same-dialect lane (src/lib/pipeline/same-dialect.ts): `/v1/messages` → Anthropic and
 * `/v1/chat/completions` → OpenAI-compatible hosts forward the client's body as written (model
 * aside) with the semantic headers, and hand back the provider's exact bytes, parsed alongside
 * for usage. The fake upstream logs each request's raw body.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { isUsageOnlyChunk } from '../../src/providers/openai/forward';
import { deliveriesOf, keyIdOf } from '../support/accounting';
import { fakeUpstreamUrl, GATEWAY_KEY, type LoggedRequest, upstreamRequests } from '../support/gateway';
import { callWorker } from '../support/worker';

const marker = () => `sd-${crypto.randomUUID().slice(0, 8)}`;

/** The one upstream request whose raw body carries `mark`. */
async function sentUpstream(mark: string): Promise<LoggedRequest[]> {
  return (await upstreamRequests()).filter((request) => request.rawBody?.includes(mark));
}

/** Ask the fake upstream directly: the bytes a client of the provider itself would get. */
async function direct(path: string, body: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${fakeUpstreamUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return response.text();
}

const ANTHROPIC_AUTH = { 'x-api-key': 'sk-ant-fake', 'anthropic-version': '2023-06-01' };
const OPENAI_AUTH = { authorization: 'Bearer sk-fake-openai' };

/** A body as Claude Code sends it: fields the translated lane's schema does not know. */
function claudeCodeBody(mark: string, model: string, stream: boolean): string {
  // Hand-written JSON with its own spacing and key order: only `model` may change on the way.
  return `{
  "model": ${JSON.stringify(model)},
  "max_tokens": 32000,
  "stream": ${stream},
  "system": [
    {"type": "text", "text": "You are Claude Code. ${mark}", "cache_control": {"type": "ephemeral", "ttl": "1h"}}
  ],
  "messages": [
    {"role": "user", "content": [
      {"type": "text", "text": "<system-reminder>ctx</system-reminder>", "cache_control": {"type": "ephemeral"}},
      {"type": "text", "text": "say hi \\u00e9 1.50", "cache_control": {"type": "ephemeral", "ttl": "5m"}}
    ]}
  ],
  "thinking": {"type": "adaptive"},
  "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
  "output_config": {"effort": "high"},
  "tools": [
    {"name": "Read", "description": "Read a file", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
     "defer_loading": true, "eager_input_streaming": true}
  ],
  "metadata": {"user_id": "user_${mark}"},
  "a_field_from_the_future": [1, 2.0, {"nested": null}]
}`;
}

describe('/v1/messages → Anthropic: the same-dialect lane', () => {
  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'non-stream'}: a Claude-Code body arrives unchanged but for the model; the client gets the provider's bytes`, async () => {
      const mark = marker();
      const body = claudeCodeBody(mark, 'anthropic/claude-sonnet-4-5', stream);
      const call = await callWorker('/v1/messages', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'anthropic-beta': 'context-management-2025-06-27,prompt-caching-scope-2026-01-05',
          'anthropic-version': '2023-06-01',
        },
        body,
      });
      const received = await call.response.text();
      await call.settled();
      expect(call.response.status).toBe(200);
      const [sent, ...more] = await sentUpstream(mark);
      expect(more).toEqual([]);
      const expected = body.replace('"anthropic/claude-sonnet-4-5"', '"claude-sonnet-4-5"');
      expect(sent?.rawBody).toBe(expected);
      expect(sent?.headers['anthropic-beta']).toBe('context-management-2025-06-27,prompt-caching-scope-2026-01-05');
      expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
      // The gateway's credential, never the caller's.
      expect(sent?.headers['x-api-key']).toBe('sk-ant-fake');
      expect(sent?.headers.authorization).toBeUndefined();
      expect(received).toBe(await direct('/anthropic/v1/messages', expected, ANTHROPIC_AUTH));
      if (stream) expect(call.response.headers.get('content-type')).toContain('text/event-stream');
      expect(call.response.headers.get('x-switchboard-provider')).toBe('anthropic');
    });
  }

  it('a strict-valid body takes the lane too; anthropic-version defaults when the caller sent none', async () => {
    const mark = marker();
    const body = JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: mark }] });
    const call = await callWorker('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const received = await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    expect(sent?.rawBody).toBe(body.replace('anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'));
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers['anthropic-beta']).toBeUndefined();
    expect(received).toBe(await direct('/anthropic/v1/messages', sent?.rawBody ?? '', ANTHROPIC_AUTH));
  });

  it('records cache reads and writes from a forwarded stream, once', async () => {
    const keyId = await keyIdOf(GATEWAY_KEY);
    const mark = marker();
    const model = `anthropic/fixture:cache-write-max-tokens-stream`;
    const call = await callWorker('/v1/messages', {
      method: 'POST',
      json: {
        model,
        max_tokens: 64,
        stream: true,
        system: [{ type: 'text', text: mark, cache_control: { type: 'ephemeral', ttl: '1h' } }],
        messages: [{ role: 'user', content: 'hi' }],
      },
    });
    const received = await call.response.text();
    await call.settled();
    expect(received).toContain('"cache_creation_input_tokens":18639');
    const requestId = call.response.headers.get('x-request-id') ?? '';
    expect(await deliveriesOf(keyId, [requestId])).toEqual({ [requestId]: 1 });
    const today = utcDay(Date.now());
    const rows = await ledgerFor(env, keyId).rows(today, today);
    const row = rows.find((entry) => entry.model === 'fixture:cache-write-max-tokens-stream');
    expect(row?.cache_write_tokens).toBeGreaterThanOrEqual(18639);
  });

  it('an upstream that breaks after the commit: its bytes, then the gateway error in Anthropic shape', async () => {
    const mark = marker();
    const body = JSON.stringify({
      model: 'anthropic/claude-sonnet-4-5@drop-after=4',
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: mark }],
    });
    const call = await callWorker('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const received = await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    const complete = await direct('/anthropic/v1/messages', (sent?.rawBody ?? '').replace('@drop-after=4', ''), ANTHROPIC_AUTH);
    const [forwarded, added] = received.split(/(?=event: error\n)/);
    expect(complete.startsWith(forwarded ?? '-')).toBe(true);
    expect(forwarded?.length).toBeGreaterThan(0);
    expect(added).toMatch(/^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
  });

  it('falls back to a target of another dialect: that attempt is translated', async () => {
    const mark = marker();
    const call = await callWorker('/v1/messages', {
      method: 'POST',
      headers: { 'x-switchboard-route': 'anthropic/claude-sonnet-4-5@status=500,openai/gpt-4o-mini' },
      json: { model: 'anthropic/claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: mark }] },
    });
    const message = (await call.response.json()) as { type: string; content: { type: string }[] };
    await call.settled();
    expect(call.response.status).toBe(200);
    expect(message.type).toBe('message');
    const sent = await sentUpstream(mark);
    const paths = sent.map((request) => request.path);
    expect(paths.at(-1)).toBe('/openai/v1/chat/completions');
    expect(paths.slice(0, -1).every((path) => path === '/anthropic/v1/messages')).toBe(true);
    expect(sent.at(-1)?.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: mark }] });
  });

  it('a field only the lane carries, routed to another dialect: translated without it, and named', async () => {
    const mark = marker();
    const call = await callWorker('/v1/messages', {
      method: 'POST',
      json: { model: 'openai/gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: mark }], context_management: {} },
    });
    expect(call.response.status).toBe(200);
    expect(call.response.headers.get('x-switchboard-dropped-params')).toBe('context_management');
    await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    expect(sent?.body).not.toHaveProperty('context_management');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('what the gateway interprets is still checked: max_tokens of the wrong type is a 400', async () => {
    const call = await callWorker('/v1/messages', {
      method: 'POST',
      json: { model: 'anthropic/claude-sonnet-4-5', max_tokens: '64', messages: [{ role: 'user', content: 'x' }], context_management: {} },
    });
    expect(call.response.status).toBe(400);
    expect(await call.response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    await call.settled();
  });
});

describe('/v1/chat/completions → OpenAI: the same-dialect lane', () => {
  it('non-stream: unknown fields and prompt_cache_key arrive unchanged but for the model; the provider bytes come back', async () => {
    const mark = marker();
    const body = `{"messages":[{"role":"user","content":"${mark}"}],  "model":"openai/gpt-4o-mini","prompt_cache_key":"pk-1","modalities":["text"],"some_future_field":{"x":1.0}}`;
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'openai-beta': 'assistants=v2', 'anthropic-beta': 'not-for-openai' },
      body,
    });
    const received = await call.response.text();
    await call.settled();
    expect(call.response.status).toBe(200);
    const [sent] = await sentUpstream(mark);
    const expected = body.replace('"openai/gpt-4o-mini"', '"gpt-4o-mini"');
    expect(sent?.rawBody).toBe(expected);
    expect(sent?.headers['openai-beta']).toBe('assistants=v2');
    expect(sent?.headers['anthropic-beta']).toBeUndefined();
    expect(sent?.headers.authorization).toBe('Bearer sk-fake-openai');
    expect(received).toBe(await direct('/openai/v1/chat/completions', expected, OPENAI_AUTH));
  });

  it('stream with include_usage: byte-identical both ways', async () => {
    const mark = marker();
    const body = JSON.stringify({
      model: 'openai/gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: mark }],
    });
    const call = await callWorker('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const received = await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    expect(sent?.rawBody).toBe(body.replace('openai/gpt-4o-mini', 'gpt-4o-mini'));
    expect(received).toBe(await direct('/openai/v1/chat/completions', sent?.rawBody ?? '', OPENAI_AUTH));
  });

  it('stream without include_usage: usage is requested upstream, its chunk held back, every other byte comes back', async () => {
    const mark = marker();
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: 'groq/llama-3.1-8b-instant', stream: true, messages: [{ role: 'user', content: mark }], x_groq_thing: true },
    });
    const received = await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    expect(sent?.body).toEqual({
      model: 'llama-3.1-8b-instant',
      stream: true,
      messages: [{ role: 'user', content: mark }],
      x_groq_thing: true,
      stream_options: { include_usage: true },
    });
    const upstream = await direct('/groq/openai/v1/chat/completions', sent?.rawBody ?? '', { authorization: 'Bearer gsk-fake' });
    const blocks = upstream.split(/(?<=\n\n)/);
    expect(blocks.some(isUsageOnlyChunk)).toBe(true);
    expect(received).toBe(blocks.filter((block) => !isUsageOnlyChunk(block)).join(''));
  });
});

describe("the gateway's own edits on the same-dialect lane", () => {
  it('a session on /v1/messages → Anthropic: its system and history go in front, the rest of the body as written', async () => {
    const created = await callWorker('/v1/sessions', { method: 'POST', json: { system: 'You are terse.' } });
    const { id } = (await created.response.json()) as { id: string };
    await created.settled();
    const headers = { 'x-switchboard-session': id };
    const turn = (mark: string) => ({
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 64,
      system: [{ type: 'text', text: mark, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: mark }],
      context_management: { edits: [] },
    });
    const first = marker();
    const one = await callWorker('/v1/messages', { method: 'POST', headers, json: turn(first) });
    const reply = (await one.response.json()) as { content: { type: string; text?: string }[] };
    await one.settled();
    const second = marker();
    const two = await callWorker('/v1/messages', { method: 'POST', headers, json: turn(second) });
    expect(two.response.status).toBe(200);
    await two.response.text();
    await two.settled();
    const [sent] = await sentUpstream(second);
    expect(sent?.body).toMatchObject({ model: 'claude-sonnet-4-5', context_management: { edits: [] } });
    // The session's system first (stored turns keep their own system text, as on every lane), the client's block last, as written.
    const system = sent?.body.system as Record<string, unknown>[];
    expect(system[0]).toEqual({ type: 'text', text: 'You are terse.' });
    expect(system.at(-1)).toEqual({ type: 'text', text: second, cache_control: { type: 'ephemeral' } });
    const messages = sent?.body.messages as { role: string; content: unknown }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(messages[0])).toContain(first);
    expect(JSON.stringify(messages[1])).toContain(reply.content.find((block) => block.type === 'text')?.text ?? '-');
    expect(messages[2]).toEqual({ role: 'user', content: second });
  });

  it("a route's per-target overrides replace the caller's values; every other field stays", async () => {
    const mark = marker();
    const call = await callWorker('/v1/chat/completions', {
      method: 'POST',
      json: { model: 'tuned', max_tokens: 5, temperature: 1, seed: 7, messages: [{ role: 'user', content: mark }], some_extra: 'kept' },
    });
    expect(call.response.status).toBe(200);
    await call.response.text();
    await call.settled();
    const [sent] = await sentUpstream(mark);
    expect(sent?.path).toBe('/deepseek/chat/completions');
    expect(sent?.body).toEqual({
      model: 'deepseek-chat-tuned',
      max_tokens: 77,
      temperature: 0.3,
      seed: 7,
      messages: [{ role: 'user', content: mark }],
      some_extra: 'kept',
    });
  });
});
