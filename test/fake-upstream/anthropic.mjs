// Anthropic Messages: `POST /anthropic/v1/messages`.
import { forcedFixture, hasItems, pickFixture } from './families.mjs';
import { errorResponse, fakeRequestId } from './faults.mjs';
import { synthesizeAnthropicStream } from './synth.mjs';

/** Scenario → candidate fixture names (stream lists empty → synthesized from the JSON pick). */
const SCENARIOS = {
  followup: { stream: [['tool-use-stream-followup']], json: [['text']] },
  thinkingTools: { stream: [], json: [['thinking-tool-use']] },
  tools: { stream: [['tool-use-stream']], json: [['tool-use']] },
  thinking: { stream: [['thinking-stream']], json: [['text']] },
  claude3: { stream: [['text-stream-claude3']], json: [['text']] },
  text: { stream: [['text-stream']], json: [['text']] },
};

/** Which scenario a Messages request asks for, from the request alone. */
export function messagesScenario(body, model) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const followup = messages.some((m) => Array.isArray(m?.content) && m.content.some((b) => b?.type === 'tool_result'));
  const thinking = body?.thinking && body.thinking.type !== 'disabled';
  if (followup) return 'followup';
  if (hasItems(body?.tools)) return thinking ? 'thinkingTools' : 'tools';
  if (thinking) return 'thinking';
  if (/^claude-3-/.test(model)) return 'claude3';
  return 'text';
}

/** `x-api-key` then `anthropic-version`, answered like Anthropic. */
export function checkAuth(req, family, keys, fixtures) {
  const got = req.headers['x-api-key'];
  if (got !== keys[family.keyName]) {
    // recorded: {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}
    const message = got ? undefined : 'x-api-key header is required';
    return { kind: 'json', ...errorResponse(family, 401, { fixtures, message }) };
  }
  if (!req.headers['anthropic-version']) {
    // SYNTHETIC, Anthropic's wording
    return { kind: 'json', ...errorResponse(family, 400, { fixtures, message: 'anthropic-version: header is required' }) };
  }
  return undefined;
}

const isFinish = (e) => e.json?.type === 'message_delta' || e.json?.type === 'message_stop';
const MALFORMED =
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trunc\n\n';

/** Plan for `POST /anthropic/v1/messages`. */
export function messagesPlan({ family, body, parsed, fixtures }) {
  const stream = body?.stream === true;
  let fixture;
  let synthesize = false;
  if (parsed.fixture !== undefined) {
    const forced = forcedFixture(fixtures, family.roots, parsed.fixture, stream);
    if (!forced) {
      const message = `fake-upstream: no ${stream ? 'stream' : 'non-stream'} fixture '${parsed.fixture}' under anthropic/`;
      return { kind: 'json', ...errorResponse(family, 404, { fixtures, message }) };
    }
    ({ fixture, synthesize } = forced);
  } else {
    const scenario = SCENARIOS[messagesScenario(body, parsed.model)];
    fixture = stream ? pickFixture(fixtures, family.dirs, scenario.stream, true) : undefined;
    if (!fixture) {
      fixture = pickFixture(fixtures, family.dirs, scenario.json, false);
      synthesize = stream;
    }
  }
  const headers = { ...fixture.headers };
  headers['request-id'] ??= fakeRequestId();
  if (!stream || (!fixture.stream && !synthesize)) {
    return { kind: 'json', status: fixture.status, headers, text: fixture.json.text, fixture: fixture.name };
  }
  const events = synthesize ? synthesizeAnthropicStream(fixture.json.value) : fixture.stream;
  return {
    kind: 'stream',
    status: 200,
    headers,
    events,
    isFinish,
    malformed: MALFORMED,
    fixture: fixture.name,
    synthesized: synthesize || undefined,
  };
}
