/**
 * OpenAI's built-in tools through `POST /v1/responses`: they reach an OpenAI Responses upstream
 * as the client wrote them (a codex-family model, served only by the Responses API), and any
 * other target refuses the request with a 400 naming the tool, before any upstream call. A tool
 * type the gateway does not know is dropped and named.
 */
import { describe, expect, it } from 'vitest';
import { sentFor, uniqueModel } from '../support/openai-client';
import { callWorker } from '../support/worker';

const webSearch = { type: 'web_search', search_context_size: 'low' };
const fn = { type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } };

async function respond(model: string, tools: unknown[]) {
  const call = await callWorker('/v1/responses', { method: 'POST', json: { model, input: 'What happened today?', tools, store: false } });
  const body = await call.response.text();
  await call.settled();
  return { status: call.response.status, headers: call.response.headers, body };
}

describe('built-in tools on /v1/responses', () => {
  it('reach an OpenAI Responses upstream unchanged, beside the translated function tools', async () => {
    const model = uniqueModel('gpt-5-codex');
    const answer = await respond(`openai/${model}`, [fn, webSearch]);
    expect(answer.status).toBe(200);
    const [sent] = await sentFor(model);
    expect(sent?.path).toBe('/openai/v1/responses');
    expect((sent?.body as { tools?: unknown[] } | undefined)?.tools).toEqual([
      expect.objectContaining({ type: 'function', name: 'lookup' }),
      webSearch,
    ]);
  });

  it('are a 400 naming the tool for a target that cannot run them, with no upstream call', async () => {
    // DeepSeek speaks chat completions only (OpenAI now serves every Responses request itself: the lane).
    for (const target of [`anthropic/${uniqueModel('claude-sonnet-4-5')}`, `deepseek/${uniqueModel('deepseek-chat')}`]) {
      const answer = await respond(target, [fn, webSearch]);
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.body).error).toMatchObject({ param: 'tools.1.type', code: 'unsupported_tool' });
      expect(await sentFor(target.slice(target.indexOf('/') + 1))).toHaveLength(0);
    }
  });

  it('a tool type the gateway does not know is dropped and named', async () => {
    const model = uniqueModel('claude-sonnet-4-5');
    const answer = await respond(`anthropic/${model}`, [fn, { type: 'namespace', name: 'tools-of-a-client' }]);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchboard-dropped-params')).toBe('tools.1');
    expect(await sentFor(model)).toHaveLength(1);
  });
});
