// Google Gemini: `POST /gemini/v1beta/models/<model>:<action>` with actions
// generateContent, streamGenerateContent, embedContent, batchEmbedContents.
// streamGenerateContent without `alt=sse` answers like Gemini does: one JSON array,
// streamed element by element, `content-type: application/json`.

import { geminiBatchEmbed, geminiEmbed } from './embeddings.mjs';
import { forcedFixture, pickFixture } from './families.mjs';
import { errorResponse } from './faults.mjs';
import { synthesizeGeminiStream } from './synth.mjs';

const SCENARIOS = {
  followup: { stream: [], json: [['function-call-followup']] },
  tools: { stream: [['function-call-stream']], json: [['function-call']] },
  thinking: { stream: [['thinking-stream']], json: [['text']] },
  text: { stream: [['text-stream']], json: [['text']] },
};

/** Which scenario a generateContent request asks for, from the request alone. */
export function contentScenario(body) {
  const contents = Array.isArray(body?.contents) ? body.contents : [];
  if (contents.some((c) => (c?.parts ?? []).some((p) => p?.functionResponse))) return 'followup';
  if (Array.isArray(body?.tools) && body.tools.some((t) => t?.functionDeclarations?.length)) return 'tools';
  if (body?.generationConfig?.thinkingConfig?.includeThoughts) return 'thinking';
  return 'text';
}

/** Split `/models/<model>:<action>` (model may be URL-encoded and contain `:`/`/`). */
export function parseModelPath(rest) {
  const m = /^\/models\/(.+):([A-Za-z]+)$/.exec(rest);
  if (!m) return undefined;
  return { model: decodeURIComponent(m[1]), action: m[2] };
}

/** `x-goog-api-key` (or `?key=`): missing → 403 PERMISSION_DENIED, wrong → 400 API_KEY_INVALID. */
export function checkAuth(req, family, keys, fixtures, url) {
  const got = req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? undefined;
  if (got === keys[family.keyName]) return undefined;
  const fx = fixtures.get(got ? 'gemini/errors/400-api-key-invalid' : 'gemini/errors/403-permission-denied');
  return { kind: 'json', status: fx.status, headers: fx.headers, text: fx.json.text };
}

const isFinish = (e) => !!e.json?.candidates?.some((c) => c?.finishReason);
const MALFORMED = 'data: {"candidates": [{"content": {"parts": [{"text": "trunc\n\n';

/** Plan for one Gemini action. */
export function geminiPlan({ family, body, parsed, fixtures, action, url }) {
  const base = fixtures.get('openai/embeddings/embedding-dimensions')?.json?.value?.data?.[0]?.embedding ?? [];
  if (action === 'embedContent') return json(geminiEmbed(body, parsed.model, base));
  if (action === 'batchEmbedContents') return json(geminiBatchEmbed(body, parsed.model, base));
  if (action !== 'generateContent' && action !== 'streamGenerateContent') {
    return { kind: 'json', ...errorResponse(family, 404, { fixtures, message: `fake-upstream: unsupported method ${action}` }) };
  }
  const stream = action === 'streamGenerateContent';
  let fixture;
  let synthesize = false;
  if (parsed.fixture !== undefined) {
    const forced = forcedFixture(fixtures, family.roots, parsed.fixture, stream);
    if (!forced) {
      const message = `fake-upstream: no ${stream ? 'stream' : 'non-stream'} fixture '${parsed.fixture}' under gemini/`;
      return { kind: 'json', ...errorResponse(family, 404, { fixtures, message }) };
    }
    ({ fixture, synthesize } = forced);
  } else {
    const scenario = SCENARIOS[contentScenario(body)];
    fixture = stream ? pickFixture(fixtures, family.dirs, scenario.stream, true) : undefined;
    if (!fixture) {
      fixture = pickFixture(fixtures, family.dirs, scenario.json, false);
      synthesize = stream;
    }
  }
  if (!stream || (!fixture.stream && !synthesize)) {
    return { kind: 'json', status: fixture.status, headers: fixture.headers, text: fixture.json.text, fixture: fixture.name };
  }
  const events = synthesize ? synthesizeGeminiStream(fixture.json.value) : fixture.stream;
  const framing = url.searchParams.get('alt') === 'sse' ? 'sse' : 'json-array';
  return {
    kind: 'stream',
    status: 200,
    headers: fixture.headers,
    events,
    isFinish,
    malformed: MALFORMED,
    framing,
    fixture: fixture.name,
    synthesized: synthesize || undefined,
  };
}

function json(value) {
  return { kind: 'json', status: 200, headers: {}, text: JSON.stringify(value), fixture: 'synthetic:embeddings' };
}
