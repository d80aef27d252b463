/**
 * Contract tests from what real clients send (test/fixtures/clients/, recorded by
 * scripts/record-client-requests.mjs; the Claude Code body is hand-written). Every recorded
 * body is replayed on its surface and routed to a provider of ANOTHER dialect: it must be
 * accepted, reach that upstream with the fields the target understands, and name what it dropped.
 */
import { describe, expect, it } from 'vitest';
import { gateway, type LoggedRequest, upstreamRequests } from '../support/gateway';

interface ClientFixture {
  client: string[];
  surface: 'messages' | 'chat';
  note: string;
  requests: { path: string; headers: Record<string, string>; body: Record<string, unknown> }[];
}

const files = import.meta.glob('../fixtures/clients/*.json', { import: 'default', eager: true }) as Record<string, ClientFixture>;
const fixtures = Object.entries(files).map(([path, fixture]) => ({ name: path.replace(/^.*\/|\.json$/g, ''), ...fixture }));

const DROPPED = 'x-switchboard-dropped-params';
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

/** Other-dialect targets per surface: the model id is unique so the upstream log finds the one request. */
const targets = {
  messages: [
    { provider: 'openai', model: () => unique('gpt-4o-mini') },
    { provider: 'gemini', model: () => unique('gemini-2.5-flash') },
  ],
  chat: [
    { provider: 'anthropic', model: () => unique('claude-sonnet-4-5') },
    { provider: 'gemini', model: () => unique('gemini-2.5-flash') },
  ],
};

async function send(surface: 'messages' | 'chat', body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const path = surface === 'messages' ? '/v1/messages' : '/v1/chat/completions';
  const response = await gateway(path, { method: 'POST', json: body, headers });
  const text = await response.text();
  return { response, text };
}

async function sentFor(model: string): Promise<LoggedRequest> {
  const entries = (await upstreamRequests()).filter((entry) => entry.body?.model === model || entry.path.includes(`/models/${model}:`));
  expect(entries).toHaveLength(1);
  return entries[0] as LoggedRequest;
}

/** Whether a dropped path (`tools.2`, `messages.0.content.1.x`) names something the client really sent. */
function existsIn(body: unknown, path: string): boolean {
  let node: unknown = body;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as Record<string, unknown>))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** What every target must receive of a body: its conversation, and its tools when it had any. */
function expectConversation(provider: string, sent: Record<string, unknown>, body: Record<string, unknown>) {
  const functionTools = ((body.tools as { type?: string; name?: string }[] | undefined) ?? []).filter(
    (tool) => tool.type === undefined || tool.type === 'custom' || tool.type === 'function',
  );
  if (provider === 'gemini') {
    expect((sent.contents as unknown[]).length).toBeGreaterThan(0);
    const declarations = (sent.tools as { functionDeclarations?: unknown[] }[] | undefined)?.flatMap(
      (tool) => tool.functionDeclarations ?? [],
    );
    expect(declarations?.length ?? 0).toBe(functionTools.length);
    return;
  }
  expect((sent.messages as unknown[]).length).toBeGreaterThan(0);
  // Anthropic gets structured output as the gateway's one reserved tool, not the caller's.
  const tools = ((sent.tools as { name?: string }[] | undefined) ?? []).filter((tool) => tool.name !== 'switchboard_json_response');
  expect(tools.length).toBe(functionTools.length);
}

describe('client contracts: recorded bodies are accepted on their surface and translated to another dialect', () => {
  it('has recordings for every client the issue names', () => {
    expect(fixtures.map((fixture) => fixture.name).sort()).toEqual([
      'ai-sdk-anthropic-generate-object',
      'ai-sdk-anthropic-stream-tools',
      'ai-sdk-openai-prefixed-reasoning-model',
      'ai-sdk-openai-stream-tools',
      'claude-code-style',
      'langchain-anthropic-json-schema',
      'langchain-openai-tools',
      'openai-agents-chat-completions-tool-loop',
    ]);
  });

  for (const fixture of fixtures) {
    fixture.requests.forEach((request, index) => {
      for (const target of targets[fixture.surface]) {
        it(`${fixture.name} #${index + 1} → ${target.provider}`, async () => {
          const model = target.model();
          const body = { ...structuredClone(request.body), model: `${target.provider}/${model}` };
          const { response, text } = await send(fixture.surface, body);
          expect(response.status, text).toBe(200);
          const dropped = response.headers.get(DROPPED)?.split(',') ?? [];
          for (const path of dropped) expect(existsIn(request.body, path), `${path} was not in the body`).toBe(true);
          const sent = await sentFor(model);
          expectConversation(target.provider, sent.body, request.body);
          // Nothing the target does not understand leaks through.
          expect(JSON.stringify(sent.body)).not.toMatch(
            /eager_input_streaming|defer_loading|cache_control|output_config|context_management/,
          );
        });
      }
    });
  }
});

describe('client contracts: what each client needs translated', () => {
  const byName = (name: string) => {
    const found = fixtures.find((fixture) => fixture.name === name);
    if (!found) throw new Error(`no fixture ${name}`);
    return found;
  };

  it('Claude Code → OpenAI: system entries join the system prompt, effort becomes reasoning_effort, the rest is named', async () => {
    const [request] = byName('claude-code-style').requests;
    const model = unique('gpt-4o-mini');
    const { response } = await send('messages', { ...structuredClone(request?.body), model: `openai/${model}` });
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)?.split(',')).toEqual(['tools.2', 'context_management']);
    const sent = (await sentFor(model)).body as { messages: { role: string; content: unknown }[]; reasoning_effort: string };
    expect(sent.reasoning_effort).toBe('medium');
    const systems = sent.messages.filter((message) => message.role === 'system');
    expect(JSON.stringify(systems)).toContain('Claude Code');
    expect(JSON.stringify(systems)).toContain('plan mode off');
    expect(sent.messages.at(-1)?.role).toBe('tool');
  });

  it('Claude Code with its bare claude-… model id goes to Anthropic, not the default provider', async () => {
    const [request] = byName('claude-code-style').requests;
    const { response } = await send('messages', { ...structuredClone(request?.body), stream: false });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });

  it('@ai-sdk/anthropic generateObject → Gemini: output_config.format becomes a response schema', async () => {
    const [request] = byName('ai-sdk-anthropic-generate-object').requests;
    const model = unique('gemini-2.5-flash');
    const { response } = await send('messages', { ...structuredClone(request?.body), model: `gemini/${model}` });
    expect(response.status).toBe(200);
    const sent = (await sentFor(model)).body as { generationConfig: { responseMimeType: string; responseSchema: unknown } };
    expect(sent.generationConfig.responseMimeType).toBe('application/json');
    expect(JSON.stringify(sent.generationConfig.responseSchema)).toContain('steps');
  });

  it('LangChain ChatAnthropic jsonSchema → OpenAI: response_format json_schema', async () => {
    const [request] = byName('langchain-anthropic-json-schema').requests;
    const model = unique('gpt-4o-mini');
    const { response } = await send('messages', { ...structuredClone(request?.body), model: `openai/${model}` });
    expect(response.status).toBe(200);
    expect((await sentFor(model)).body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'output' } } });
  });

  it('@ai-sdk/openai with openai/gpt-5: max_completion_tokens sent, temperature dropped and named', async () => {
    const [request] = byName('ai-sdk-openai-prefixed-reasoning-model').requests;
    const content = `recipe ${crypto.randomUUID()}`;
    const body = { ...structuredClone(request?.body), messages: [{ role: 'user', content }] };
    const { response } = await send('chat', body);
    expect(response.status).toBe(200);
    expect(response.headers.get(DROPPED)).toBe('temperature');
    const sent = (await upstreamRequests()).find((entry) => JSON.stringify(entry.body).includes(content));
    expect(sent?.body).toMatchObject({ model: 'gpt-5', max_completion_tokens: 400 });
    expect(sent?.body).not.toHaveProperty('max_tokens');
    expect(sent?.body).not.toHaveProperty('temperature');
  });

  it('OpenAI Agents SDK tool loop history → Anthropic: the tool call and its result become tool_use / tool_result', async () => {
    const request = byName('openai-agents-chat-completions-tool-loop').requests[1];
    const model = unique('claude-sonnet-4-5');
    const { response } = await send('chat', { ...structuredClone(request?.body), model: `anthropic/${model}` });
    expect(response.status).toBe(200);
    const sent = (await sentFor(model)).body as { system: unknown; messages: { role: string; content: { type: string }[] }[] };
    expect(JSON.stringify(sent.system)).toContain('Answer with the weather tool.');
    expect(sent.messages.map((message) => message.content.map((block) => block.type))).toEqual([['text'], ['tool_use'], ['tool_result']]);
  });
});
