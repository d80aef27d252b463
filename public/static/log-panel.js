// A side panel with one archived request (`GET /v1/logs/:request_id`), decoded: what was
// asked, what each provider attempt was sent and answered, and the bytes the caller received.
import { getJson } from './api.js';
import { failure, fill, h } from './dom.js';
import { count, dateTime, ms, plural } from './format.js';

let open = null;

function close() {
  open?.remove();
  open = null;
  document.removeEventListener('keydown', onKey);
  if (location.hash.startsWith('#log=')) history.replaceState(null, '', location.pathname + location.search);
}

function onKey(event) {
  if (event.key === 'Escape') close();
}

/** Pretty JSON when the text is JSON, else the text itself. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function code(text) {
  return h('pre', { class: 'code' }, text);
}

function captured(body, redacted) {
  if (!body) return h('p', { class: 'hint' }, 'Not captured.');
  if (body.text === undefined) return h('p', { class: 'hint' }, redacted ? `Redacted (${count(body.chars)} characters).` : 'Not kept.');
  return [
    code(pretty(body.text)),
    body.truncated ? h('p', { class: 'hint' }, `Cut at the capture limit (${count(body.chars)} characters in all).`) : null,
  ];
}

function streamText(stream) {
  if (!stream || stream.chunkCount === 0) return null;
  const kept = stream.chunks.filter((chunk) => chunk.data !== undefined);
  const note = `${plural(stream.chunkCount, 'chunk')}, ${plural(stream.bytes, 'byte')}${kept.length < stream.chunkCount ? `, ${count(kept.length)} kept` : ''}`;
  return [h('p', { class: 'hint' }, note), kept.length ? code(kept.map((chunk) => chunk.data).join('')) : null];
}

const since = (start, at) => (typeof at === 'number' ? ms(at - start) : '—');

function facts(record) {
  const { timings } = record;
  const usage = record.usage;
  const rows = [
    ['Received', dateTime(new Date(timings.receivedAt).toISOString())],
    ['Endpoint', `${record.surface} · ${record.endpoint}`],
    ['Requested model', record.requestedModel],
    ['Served by', record.provider ? `${record.provider}/${record.model}` : '—'],
    ['Status', `${record.status}${record.error ? ` (${record.error.kind}${record.error.code ? `: ${record.error.code}` : ''})` : ''}`],
    ['Finish reason', record.finishReason ?? '—'],
    ['Stream', record.stream ? 'yes' : 'no'],
    ['Cache', record.cache],
    ['First byte', since(timings.receivedAt, timings.firstByteAt)],
    ['Total time', since(timings.receivedAt, timings.endedAt)],
    ['Tokens', usage ? `${count(usage.inputTokens)} in · ${count(usage.outputTokens)} out${usage.estimated ? ' (estimated)' : ''}` : '—'],
    ['Cancelled', record.cancelled ? 'yes' : 'no'],
  ];
  // A request the gateway refused itself says why in its own words; dropped fields are named.
  if (record.error?.message) rows.push(['Refused because', record.error.message]);
  if (record.droppedParams?.length) rows.push(['Dropped fields', record.droppedParams.join(', ')]);
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
  );
}

function attempt(entry, index, record) {
  return h(
    'div',
    { class: 'attempt' },
    h(
      'h3',
      {},
      `Attempt ${index + 1}: ${entry.provider}/${entry.model} → ${entry.status || 'no answer'}${entry.errorCode ? ` (${entry.errorCode})` : ''}`,
    ),
    entry.request ? [h('p', { class: 'hint mono' }, `POST ${entry.request.url}`), captured(entry.request.body, record.redacted)] : null,
    entry.response?.body ? [h('p', { class: 'hint' }, 'Provider answered:'), captured(entry.response.body, record.redacted)] : null,
    entry.response?.stream ? [h('p', { class: 'hint' }, 'Provider streamed:'), streamText(entry.response.stream)] : null,
  );
}

function render(body, record) {
  fill(
    body,
    facts(record),
    h('h3', {}, 'Request as received'),
    captured(record.inbound, record.redacted),
    record.attempts.map((entry, index) => attempt(entry, index, record)),
    record.client ? [h('h3', {}, `Sent to the caller (${record.client.status})`), streamText(record.client.stream)] : null,
    h('details', {}, h('summary', {}, 'Raw archive record (JSON)'), code(JSON.stringify(record, null, 2))),
  );
}

/** Open the panel for a request id and load its archive. */
export async function openLogPanel(requestId) {
  close();
  const body = h('div', { class: 'body' }, h('p', { class: 'hint' }, 'Loading the archived record…'));
  const panel = h(
    'aside',
    { class: 'panel', role: 'dialog', 'aria-label': `Request ${requestId}`, 'data-panel': 'log' },
    h(
      'header',
      {},
      h('h2', { class: 'mono' }, requestId),
      h('span', { class: 'spacer' }),
      h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Close', onclick: close }, '✕'),
    ),
    body,
  );
  open = h('div', {}, h('div', { class: 'panel-backdrop', onclick: close }), panel);
  document.body.append(open);
  document.addEventListener('keydown', onKey);
  try {
    render(body, await getJson(`/v1/logs/${encodeURIComponent(requestId)}`));
  } catch (error) {
    fill(body, failure(error));
  }
}
