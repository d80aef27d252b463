// Fault directives and forced fixtures, carried in the model name so they are stateless
// and concurrency-safe: `gpt-4o-mini@status=429@retry-after=3`, `fixture:chat/tool-call@chunk-ms=20`.
// Plus the stateful script queue (`POST /__fake/script`) for retry sequences.

/** Directives that take a number (`@name=N`). */
const NUMERIC = new Set(['status', 'retry-after', 'first-byte-ms', 'chunk-ms', 'drop-after', 'repeat']);
/** Directives that are flags (`@name`). */
const FLAGS = new Set(['malformed', 'reset', 'hang', 'no-finish', 'recorded-ids']);

/**
 * @typedef {{ status?: number, retryAfter?: number, firstByteMs?: number, chunkMs?: number,
 *   dropAfter?: number, repeat?: number, malformed?: boolean, reset?: boolean, hang?: boolean, noFinish?: boolean, recordedIds?: boolean }} Directives
 * @typedef {{ model: string, fixture?: string, directives: Directives }} ParsedModel
 */

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/**
 * Split `base@dir@dir=N` into the model, an optional forced fixture and the directives.
 * Unknown `@...` parts stay in the model name (e.g. Vertex `claude-3@20240229`).
 * @param {string | undefined} raw
 * @returns {ParsedModel}
 */
export function parseModel(raw) {
  const [head, ...parts] = String(raw ?? '').split('@');
  /** @type {Directives} */
  const directives = {};
  let model = head;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? undefined : Number(part.slice(eq + 1));
    if (NUMERIC.has(name) && value !== undefined && Number.isFinite(value)) directives[camel(name)] = value;
    else if (FLAGS.has(name) && eq === -1) directives[camel(name)] = true;
    else model += `@${part}`;
  }
  /** @type {ParsedModel} */
  const parsed = { model, directives };
  if (model.startsWith('fixture:')) parsed.fixture = model.slice('fixture:'.length);
  return parsed;
}

/** Script queues: `{ match, responses }` consumed in order by matching requests. */
export class Scripts {
  constructor() {
    /** @type {{ match: string, responses: string[] }[]} */
    this.queues = [];
  }

  /** @param {{ match?: unknown, responses?: unknown }} spec */
  add(spec) {
    const match = typeof spec?.match === 'string' ? spec.match : '';
    if (!Array.isArray(spec?.responses) || spec.responses.some((r) => typeof r !== 'string')) {
      throw new Error('script needs { match: string, responses: string[] }');
    }
    this.queues.push({ match, responses: [...spec.responses] });
    return this.queues.reduce((n, q) => n + q.responses.length, 0);
  }

  /**
   * Take the next scripted entry for this raw model string, synchronously (so concurrent
   * requests each consume exactly one entry). Returns undefined when nothing is queued.
   * @param {string} rawModel
   * @returns {ParsedModel | undefined}
   */
  take(rawModel) {
    for (const q of this.queues) {
      if (q.responses.length && String(rawModel ?? '').includes(q.match)) {
        const next = /** @type {string} */ (q.responses.shift());
        const trimmed = next.trim();
        if (trimmed === 'ok' || trimmed === '') return { model: '', directives: {} };
        return parseModel(trimmed); // `@status=500`, `fixture:x@chunk-ms=5`, ...
      }
    }
    this.queues = this.queues.filter((q) => q.responses.length);
    return undefined;
  }

  clear() {
    this.queues = [];
  }

  snapshot() {
    return this.queues.filter((q) => q.responses.length).map((q) => ({ match: q.match, responses: [...q.responses] }));
  }
}

/**
 * Effective plan for one request: the model's own directives, overridden by a scripted entry.
 * A scripted `fixture:...` replaces the forced fixture.
 * @param {string} rawModel @param {Scripts} scripts
 */
export function resolveDirectives(rawModel, scripts) {
  const own = parseModel(rawModel);
  const scripted = scripts.take(rawModel);
  if (!scripted) return { ...own, scripted: undefined };
  return {
    model: own.model,
    fixture: scripted.fixture ?? own.fixture,
    directives: { ...own.directives, ...scripted.directives },
    scripted: true,
  };
}
