// Loads every recorded fixture under test/fixtures/recorded/ into memory once, at server start.
// No per-request disk reads: handlers only look fixtures up in the returned registry.
//
// Formats (see test/fixtures/recorded/WIRE-NOTES.md §0):
//   *.json          a response body (status from the .meta.json sidecar, or from an `errors/NNN-` name)
//   *.sse           the raw stream as it came over the wire; replayed block by block, byte-exact
//   *.chunks.jsonl  data-only payloads; wrapped as `data: <line>\n\n`, with `event: <type>` added for
//                   Anthropic and `data: [DONE]\n\n` appended for OpenAI-style providers
//   *.meta.json     sidecar: { status, response_headers, request, body_file }
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'recorded');

/**
 * @typedef {{ raw: string, event?: string, data: string, json?: any }} SseEvent
 * @typedef {{ name: string, status: number, headers: Record<string, string | string[]>,
 *             json?: { text: string, value: any }, stream?: SseEvent[] }} Fixture
 */

/** Recorded response headers never replayed: framing, hop-by-hop and stale transport details. */
const DROP_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'connection',
  'keep-alive',
  'content-type',
  'date',
  'alt-svc',
  'set-cookie',
  'vary',
  'content-disposition',
  'server',
  'strict-transport-security',
  'content-security-policy',
  'access-control-allow-credentials',
]);

/** @param {Record<string, any> | undefined} recorded */
export function replayableHeaders(recorded) {
  /** @type {Record<string, string | string[]>} */
  const out = {};
  for (const [k, v] of Object.entries(recorded ?? {})) {
    const key = k.toLowerCase();
    if (!DROP_HEADERS.has(key)) out[key] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

/** Split a raw SSE body into events, keeping each block's exact text (padding, comments). */
export function parseSse(text) {
  /** @type {SseEvent[]} */
  const events = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\n+/)) {
    if (!block.trim()) continue;
    let event;
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) event = line.slice(6).trim();
    }
    events.push(makeEvent(`${block}\n\n`, event, data.join('\n')));
  }
  return events;
}

/** @param {string} raw @param {string | undefined} event @param {string} data */
function makeEvent(raw, event, data) {
  /** @type {SseEvent} */
  const ev = { raw, data };
  if (event) ev.event = event;
  try {
    ev.json = data && data !== '[DONE]' ? JSON.parse(data) : undefined;
  } catch {
    ev.json = undefined;
  }
  return ev;
}

/** Wrap data-only payload lines as SSE (WIRE-NOTES §0). */
export function wrapChunks(text, family) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const events = lines.map((line) => {
    const type = family === 'anthropic' ? JSON.parse(line).type : undefined;
    const raw = type ? `event: ${type}\ndata: ${line}\n\n` : `data: ${line}\n\n`;
    return makeEvent(raw, type, line);
  });
  const openaiStyle = family !== 'anthropic' && family !== 'gemini' && !lines.some((l) => l.includes('"sequence_number"'));
  if (openaiStyle) events.push(makeEvent('data: [DONE]\n\n', undefined, '[DONE]'));
  return events;
}

function walk(dir) {
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(p));
    else files.push(p);
  }
  return files;
}

/** @param {string} name e.g. `openai/chat/errors/429-rate-limit-tpm.issue` */
function statusFromName(name) {
  const m = /(?:^|\/)errors\/(\d{3})-[^/]*$/.exec(name);
  return m ? Number(m[1]) : 200;
}

/**
 * Load all fixtures. Keys are paths relative to the root without extension
 * (`openai/chat/text`). `.issue` files are also reachable without `.issue`, and a
 * `.chunks.jsonl` file as `<name>.chunks` (plain `<name>` prefers the `.sse` twin).
 */
export function loadFixtures(root = FIXTURE_ROOT) {
  /** @type {Map<string, Fixture>} */
  const map = new Map();
  const files = walk(root).map((f) => relative(root, f).split(sep).join('/'));
  const metas = new Map();
  for (const f of files.filter((f) => f.endsWith('.meta.json'))) {
    metas.set(f.slice(0, -'.meta.json'.length), JSON.parse(readFileSync(join(root, f), 'utf8')));
  }
  const entry = (name) => {
    let fx = map.get(name);
    if (!fx) {
      const meta = metas.get(name);
      fx = { name, status: meta?.status ?? statusFromName(name), headers: replayableHeaders(meta?.response_headers) };
      map.set(name, fx);
    }
    return fx;
  };
  for (const f of files) {
    if (f.endsWith('.meta.json') || f.endsWith('.md') || f.endsWith('.yaml')) continue;
    const text = readFileSync(join(root, f), 'utf8');
    const family = f.split('/')[0];
    if (f.endsWith('.sse')) {
      entry(f.slice(0, -4)).stream = parseSse(text);
    } else if (f.endsWith('.chunks.jsonl')) {
      const base = f.slice(0, -'.chunks.jsonl'.length);
      const events = wrapChunks(text, family);
      entry(`${base}.chunks`).stream = events;
      const plain = entry(base);
      plain.stream ??= events; // a `.sse` twin, read before or after, wins
    } else if (f.endsWith('.json')) {
      const value = JSON.parse(text);
      entry(f.slice(0, -5)).json = { text, value };
    }
  }
  // `.issue` fixtures are also reachable without the `.issue` part
  for (const [name, fx] of [...map]) {
    if (name.endsWith('.issue') && !map.has(name.slice(0, -6))) map.set(name.slice(0, -6), fx);
  }
  return map;
}
