// OpenAI Responses API dialect (`POST …/responses`) for OpenAI-style families and Azure.
// Replays test/fixtures/recorded/openai/responses/ and azure-openai/responses-*; synthesizes a
// stream from a JSON-only recording and a JSON body from a stream-only one. Framing follows
// WIRE-NOTES.md §3: `event:` equal to `data.type`, `sequence_number` on every event, no `[DONE]`.

import { forcedFixture, hasItems } from './families.mjs';
import { errorResponse, fakeRequestId } from './faults.mjs';
import { sseEvent } from './synth.mjs';

/** Scenario → candidate names (tried in each folder in order), stream and non-stream. */
const SCENARIOS = {
  followup: { stream: ['tool-call-stream-followup', 'text-stream'], json: ['tool-call-followup', 'tool-call-stream-followup', 'text'] },
  reasoningTools: { stream: ['reasoning-summary-tool-call-stream'], json: ['reasoning-summary-tool-call', 'tool-call'] },
  tools: { stream: ['tool-call-stream'], json: ['tool-call'] },
  logprobs: { stream: ['logprobs-stream', 'text-stream'], json: ['text'] },
  text: { stream: ['text-stream'], json: ['text'] },
};

/** Fixture folders and name prefixes for a family: its own first, then OpenAI's recordings. */
function places(family) {
  const own = family.dialect === 'azure' ? ['azure-openai/responses-'] : [`${family.id}/responses/`];
  return [...own, 'openai/responses/'];
}

/** Which scenario a Responses request asks for, from the request alone. */
export function responsesScenario(body, model) {
  const input = Array.isArray(body?.input) ? body.input : [];
  if (input.some((i) => i?.type === 'function_call_output')) return 'followup';
  const reasoning = body?.reasoning !== undefined || /^(o\d|gpt-5)/.test(model);
  if (hasItems(body?.tools)) return reasoning ? 'reasoningTools' : 'tools';
  if (Array.isArray(body?.include) && body.include.includes('message.output_text.logprobs')) return 'logprobs';
  return 'text';
}

/** Split text into word-ish deltas (at most ~12 pieces). */
function pieces(text) {
  const words = String(text).match(/\S+\s*|\s+/g) ?? [];
  const per = Math.max(1, Math.ceil(words.length / 12));
  const out = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''));
  return out.length ? out : [''];
}

/** SYNTHETIC: a recorded `response` object → the stream OpenAI would have sent for it. */
export function synthesizeResponsesStream(response) {
  const events = [];
  const emit = (payload) => events.push(sseEvent({ type: payload.type, ...payload, sequence_number: events.length }, payload.type));
  const pending = { ...response, status: 'in_progress', output: [], usage: null, completed_at: null, incomplete_details: null };
  emit({ type: 'response.created', response: pending });
  emit({ type: 'response.in_progress', response: pending });
  (response.output ?? []).forEach((item, output_index) => {
    const at = { item_id: item.id, output_index };
    if (item.type === 'message') {
      emit({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', content: [] } });
      (item.content ?? []).forEach((part, content_index) => {
        const empty = part.type === 'refusal' ? { ...part, refusal: '' } : { ...part, text: '', annotations: [] };
        emit({ type: 'response.content_part.added', ...at, content_index, part: empty });
        if (part.type === 'refusal') {
          emit({ type: 'response.refusal.delta', ...at, content_index, delta: part.refusal });
          emit({ type: 'response.refusal.done', ...at, content_index, refusal: part.refusal });
        } else {
          for (const delta of pieces(part.text ?? ''))
            emit({ type: 'response.output_text.delta', ...at, content_index, delta, logprobs: [] });
          for (const [annotation_index, annotation] of (part.annotations ?? []).entries())
            emit({ type: 'response.output_text.annotation.added', ...at, content_index, annotation_index, annotation });
          emit({ type: 'response.output_text.done', ...at, content_index, text: part.text ?? '', logprobs: [] });
        }
        emit({ type: 'response.content_part.done', ...at, content_index, part });
      });
    } else if (item.type === 'function_call') {
      emit({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      const args = item.arguments ?? '';
      const cut = Math.floor(args.length / 2);
      for (const delta of args.length < 2 ? [args] : [args.slice(0, cut), args.slice(cut)])
        emit({ type: 'response.function_call_arguments.delta', ...at, delta });
      emit({ type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: args });
    } else if (item.type === 'reasoning') {
      emit({ type: 'response.output_item.added', output_index, item: { ...item, summary: [] } });
      (item.summary ?? []).forEach((part, summary_index) => {
        emit({ type: 'response.reasoning_summary_part.added', ...at, summary_index, part: { type: 'summary_text', text: '' } });
        for (const delta of pieces(part.text ?? '')) emit({ type: 'response.reasoning_summary_text.delta', ...at, summary_index, delta });
        emit({ type: 'response.reasoning_summary_text.done', ...at, summary_index, text: part.text ?? '' });
        emit({ type: 'response.reasoning_summary_part.done', ...at, summary_index, part });
      });
    } else {
      emit({ type: 'response.output_item.added', output_index, item });
    }
    emit({ type: 'response.output_item.done', output_index, item });
  });
  const terminal =
    response.status === 'incomplete' ? 'response.incomplete' : response.status === 'failed' ? 'response.failed' : 'response.completed';
  emit({ type: terminal, response });
  return events;
}

/** The `response` object a stream ends with (for a non-stream request when only a stream was recorded). */
function finalResponse(events) {
  return events.findLast((e) => /^response\.(completed|incomplete|failed)$/.test(e.json?.type ?? ''))?.json?.response;
}

/** Recorded data-only lines (Azure `.chunks.jsonl`) get the `event:` line OpenAI and Azure send. */
function framed(events) {
  return events.map((e) => (e.event || !e.json?.type ? e : sseEvent(e.json, e.json.type)));
}

const isFinish = (e) => /^response\.(completed|incomplete|failed)$/.test(e.json?.type ?? '');
const MALFORMED = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"trunc\n\n';

function find(fixtures, family, names, stream) {
  for (const name of names) {
    for (const place of places(family)) {
      const fx = fixtures.get(`${place}${name}`);
      if (fx && (stream ? fx.stream : fx.json || fx.stream)) return fx;
    }
  }
  return undefined;
}

/** Ids OpenAI mints for a response and its items (`resp_`, `msg_`, `fc_`, `rs_`, `ws_` + hex). */
const MINTED_ID = /\b(resp|msg|fc|rs|ws)_([0-9a-f]{24,})\b/g;

/**
 * Fresh ids for every replay, as OpenAI never answers twice with one id (the gateway stores
 * responses by id): each recorded id becomes the same prefix and length of new hex, the same
 * everywhere in the answer. `@recorded-ids` keeps the recording's own.
 */
function idSwapper() {
  const fresh = new Map();
  return (text) =>
    text.replace(MINTED_ID, (id, prefix, hex) => {
      if (!fresh.has(id)) {
        let out = '';
        while (out.length < hex.length) out += crypto.randomUUID().replaceAll('-', '');
        fresh.set(id, `${prefix}_${out.slice(0, hex.length)}`);
      }
      return fresh.get(id);
    });
}

/** Plan for `POST …/responses`. */
export function responsesPlan(args) {
  const plan = recordedPlan(args);
  if (args.parsed.directives?.recordedIds || plan.status >= 400) return plan;
  const swap = idSwapper();
  if (plan.kind === 'json') return { ...plan, text: swap(plan.text) };
  return { ...plan, events: plan.events.map((e) => ({ ...e, raw: swap(e.raw), data: swap(e.data) })) };
}

function recordedPlan({ family, body, parsed, fixtures }) {
  const stream = body?.stream === true;
  let fixture;
  if (parsed.fixture !== undefined) {
    fixture = forcedFixture(fixtures, family.roots, parsed.fixture, stream)?.fixture;
    if (!fixture && !stream) fixture = forcedFixture(fixtures, family.roots, parsed.fixture, true)?.fixture;
    if (!fixture) {
      const message = `fake-upstream: no ${stream ? 'stream' : 'non-stream'} fixture '${parsed.fixture}' under ${family.roots.join(', ')}`;
      return { kind: 'json', ...errorResponse(family, 404, { fixtures, message }) };
    }
  } else {
    const scenario = SCENARIOS[responsesScenario(body, parsed.model)];
    fixture =
      (stream ? find(fixtures, family, scenario.stream, true) : undefined) ??
      find(fixtures, family, scenario.json, false) ??
      find(fixtures, family, ['text'], false);
  }
  const headers = { ...fixture.headers };
  if (family.dialect === 'azure') headers['apim-request-id'] ??= fakeRequestId();
  else headers['x-request-id'] ??= fakeRequestId();
  const name = fixture.name;
  if (fixture.status >= 400 && fixture.json)
    return { kind: 'json', status: fixture.status, headers, text: fixture.json.text, fixture: name };
  if (!stream) {
    if (fixture.json) return { kind: 'json', status: fixture.status, headers, text: fixture.json.text, fixture: name };
    const text = JSON.stringify(finalResponse(fixture.stream) ?? {});
    return { kind: 'json', status: 200, headers, text, fixture: name, synthesized: true };
  }
  const events = fixture.stream ? framed(fixture.stream) : synthesizeResponsesStream(fixture.json.value);
  return {
    kind: 'stream',
    status: 200,
    headers,
    events,
    isFinish,
    malformed: MALFORMED,
    fixture: name,
    synthesized: !fixture.stream || undefined,
  };
}
