// OpenAI-style families (OpenAI, DeepSeek, Groq, Mistral, OpenRouter, xAI, Together, Ollama)
// and Azure OpenAI: chat completions, embeddings, model list.

import { openaiEmbeddings } from './embeddings.mjs';
import { forcedFixture, hasItems, pickFixture } from './families.mjs';
import { errorResponse, fakeRequestId } from './faults.mjs';
import { synthesizeChatStream } from './synth.mjs';

const TEXT = ['text-with-ratelimit-headers', 'text', 'chat-text'];
const TEXT_STREAM = ['text-stream', 'chat-text-stream', 'text-stream-include-usage', 'reasoning-stream'];

/**
 * Scenario → candidate fixture names, stream and non-stream. Soft scenarios (follow-up,
 * reasoning) put the text names in the same list, so a family's own text recording beats
 * the fallback folder's specialised one; tool calls must be tool calls.
 */
const SCENARIOS = {
  followup: { stream: [['tool-call-stream-followup', ...TEXT_STREAM]], json: [['tool-call-followup', ...TEXT]] },
  tools: { stream: [['tool-call-stream']], json: [['tool-call']] },
  legacy: { stream: [], json: [['legacy-function-call']] },
  reasoning: {
    stream: [['reasoning-stream', 'reasoning-model-text-stream', ...TEXT_STREAM]],
    json: [['reasoning', 'reasoning-model-text', ...TEXT]],
  },
  text: { stream: [TEXT_STREAM], json: [TEXT] },
};

/** Which scenario a chat request asks for, from the request alone. */
export function chatScenario(body, model) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  if (messages.some((m) => m?.role === 'tool' || m?.role === 'function')) return 'followup';
  if (hasItems(body?.tools)) return 'tools';
  if (hasItems(body?.functions)) return 'legacy';
  if (body?.reasoning_effort !== undefined || /^(o\d|gpt-5)|reasoner|magistral/.test(model)) return 'reasoning';
  return 'text';
}

/** `Authorization: Bearer <key>` check; the 401 body is OpenAI's (Azure: `api-key`, Azure's body). */
export function checkAuth(req, family, keys, fixtures) {
  if (!family.keyName) return undefined;
  const expected = keys[family.keyName];
  if (family.dialect === 'azure') {
    const got = req.headers['api-key'];
    if (got === expected) return undefined;
    const message =
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
    return { kind: 'json', ...errorResponse(family, 401, { fixtures, message }) };
  }
  const header = String(req.headers.authorization ?? '');
  const got = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (got === expected) return undefined;
  if (!got) {
    // SYNTHETIC: OpenAI's text for a missing key
    const message =
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
    return { kind: 'json', ...errorResponse(family, 401, { fixtures, message }) };
  }
  const resp = errorResponse(family, 401, { fixtures });
  const masked = got.length > 8 ? `${got.slice(0, 3)}${'*'.repeat(got.length - 7)}${got.slice(-4)}` : '***';
  return { kind: 'json', ...resp, text: resp.text.replace(/provided: [^.]*\./, `provided: ${masked}.`) };
}

/** Azure requires `api-version` (SYNTHETIC Azure-shaped 400 when missing). */
export function checkAzureQuery(url, family, fixtures) {
  if (url.searchParams.get('api-version')) return undefined;
  const message = 'Missing required query parameter: api-version. (fake-upstream)';
  return { kind: 'json', ...errorResponse(family, 400, { fixtures, message }) };
}

const isUsageOnly = (e) => Array.isArray(e.json?.choices) && e.json.choices.length === 0 && !!e.json.usage;
/** Finish chunk, trailing usage chunk and `[DONE]`: what `@no-finish` removes. */
const isFinish = (e) => e.data === '[DONE]' || isUsageOnly(e) || !!e.json?.choices?.some((c) => c?.finish_reason);

/** Response headers: recorded ones plus a fake request id when the recording had none. */
function headersFor(family, fixture) {
  const h = { ...fixture.headers };
  if (family.dialect === 'azure') h['apim-request-id'] ??= fakeRequestId();
  else if (!h['x-request-id'] && family.id === 'openai') h['x-request-id'] = fakeRequestId();
  return h;
}

/** Plan for `POST .../chat/completions`. */
export function chatPlan({ family, body, parsed, fixtures }) {
  const stream = body?.stream === true;
  let fixture;
  let synthesize = false;
  if (parsed.fixture !== undefined) {
    const forced = forcedFixture(fixtures, family.roots, parsed.fixture, stream);
    if (!forced) {
      const message = `fake-upstream: no ${stream ? 'stream' : 'non-stream'} fixture '${parsed.fixture}' under ${family.roots.join(', ')}`;
      return { kind: 'json', ...errorResponse(family, 404, { fixtures, message }) };
    }
    ({ fixture, synthesize } = forced);
  } else {
    const scenario = SCENARIOS[chatScenario(body, parsed.model)];
    fixture = stream ? pickFixture(fixtures, family.dirs, scenario.stream, true) : undefined;
    if (!fixture) {
      fixture = pickFixture(fixtures, family.dirs, scenario.json, false) ?? pickFixture(fixtures, family.dirs, [TEXT], false);
      synthesize = stream;
    }
  }
  const headers = headersFor(family, fixture);
  if (!stream || (fixture.json && !synthesize && !fixture.stream)) {
    return { kind: 'json', status: fixture.status, headers, text: fixture.json.text, fixture: fixture.name };
  }
  let events = synthesize ? synthesizeChatStream(fixture.json.value) : fixture.stream;
  // OpenAI sends the trailing `choices: []` usage chunk only when asked; strip it otherwise.
  // (DeepSeek/Mistral/Groq put usage on the finish chunk: nothing to strip, kept as recorded.)
  if (body?.stream_options?.include_usage !== true) events = events.filter((e) => !isUsageOnly(e));
  return { kind: 'stream', status: 200, headers, events, isFinish, fixture: fixture.name, synthesized: synthesize || undefined };
}

/** Plan for `POST .../embeddings`. */
export function embeddingsPlan({ family, body, parsed, fixtures }) {
  const recorded = fixtures.get('openai/embeddings/embedding-dimensions');
  const base = recorded?.json?.value?.data?.[0]?.embedding ?? [];
  const value = openaiEmbeddings(body, parsed.model || 'text-embedding-3-small', base);
  const headers = family.id === 'openai' ? { ...recorded?.headers, 'x-request-id': fakeRequestId() } : {};
  if (family.id === 'openai') headers['openai-model'] = value.model;
  return { kind: 'json', status: 200, headers, text: JSON.stringify(value), fixture: 'synthetic:embeddings' };
}

/** SYNTHETIC `GET .../models` list. */
export function modelsPlan({ family }) {
  const ids = {
    openai: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano', 'gpt-5', 'text-embedding-3-small'],
    deepseek: ['deepseek-chat', 'deepseek-reasoner'],
    groq: ['llama-3.3-70b-versatile', 'openai/gpt-oss-20b'],
    mistral: ['mistral-small-latest', 'magistral-small-latest'],
    openrouter: ['openai/gpt-4o-mini'],
    xai: ['grok-3-mini'],
    together: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'],
    ollama: ['llama3.2'],
  }[family.id] ?? ['gpt-4o-mini'];
  const data = ids.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: family.id }));
  return { kind: 'json', status: 200, headers: {}, text: JSON.stringify({ object: 'list', data }) };
}
