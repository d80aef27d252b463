// Provider families: where each is mounted, which fixture folders it replays from,
// which key it accepts, and how fixtures are picked for a request.

/**
 * @typedef {{ id: string, dialect: string, prefixes: string[], dirs: string[], roots: string[],
 *   errorDirs: string[], keyName?: string }} Family
 * dirs: folders for default picks, own folder first, then the fallback.
 * roots: bases for `fixture:<path>` model names, own folder first.
 */

/** @param {string} id @param {string[]} prefixes @param {Partial<Family>} [extra] */
function openaiCompatible(id, prefixes, extra = {}) {
  return {
    id,
    dialect: 'openai',
    prefixes,
    keyName: id,
    dirs: [id, 'openai/chat'],
    roots: [id, 'openai', 'openai/chat'],
    errorDirs: [`${id}/errors`, 'openai/chat/errors'],
    ...extra,
  };
}

/** OpenAI-compatible families, all served by the handlers in openai.mjs. */
export const OPENAI_FAMILIES = [
  openaiCompatible('openai', ['/openai/v1'], { dirs: ['openai/chat'], roots: ['openai', 'openai/chat'] }),
  openaiCompatible('deepseek', ['/deepseek/v1', '/deepseek']),
  openaiCompatible('groq', ['/groq/openai/v1']),
  openaiCompatible('mistral', ['/mistral/v1']),
  openaiCompatible('openrouter', ['/openrouter/api/v1'], { dialect: 'openrouter' }),
  openaiCompatible('xai', ['/xai/v1']),
  openaiCompatible('together', ['/together/v1']),
  openaiCompatible('ollama', ['/ollama/v1'], { keyName: undefined }),
];

/** @type {Family} */
export const AZURE = {
  id: 'azure',
  dialect: 'azure',
  prefixes: ['/azure/openai/deployments'],
  keyName: 'azure',
  dirs: ['azure-openai', 'openai/chat'],
  roots: ['azure-openai', 'openai', 'openai/chat'],
  errorDirs: [],
};

/** @type {Family} */
export const ANTHROPIC = {
  id: 'anthropic',
  dialect: 'anthropic',
  prefixes: ['/anthropic/v1'],
  keyName: 'anthropic',
  dirs: ['anthropic'],
  roots: ['anthropic'],
  errorDirs: ['anthropic/errors'],
};

/** @type {Family} */
export const GEMINI = {
  id: 'gemini',
  dialect: 'gemini',
  prefixes: ['/gemini/v1beta', '/gemini/v1'],
  keyName: 'gemini',
  dirs: ['gemini'],
  roots: ['gemini'],
  errorDirs: ['gemini/errors'],
};

export const DEFAULT_KEYS = {
  openai: 'sk-fake-openai',
  anthropic: 'sk-ant-fake',
  gemini: 'fake-gemini-key',
  azure: 'fake-azure-key',
  deepseek: 'sk-fake-deepseek',
  groq: 'gsk-fake',
  mistral: 'fake-mistral',
  openrouter: 'sk-or-fake',
  xai: 'xai-fake',
  together: 'fake-together',
};

/**
 * Default pick: for each candidate list in order, look in the family's folders in order,
 * so a family's own recording beats the fallback, and a better scenario beats both.
 * @param {Map<string, import('./fixtures.mjs').Fixture>} fixtures
 * @param {string[]} dirs @param {string[][]} lists @param {boolean} stream
 */
export function pickFixture(fixtures, dirs, lists, stream) {
  for (const names of lists) {
    for (const dir of dirs) {
      for (const name of names) {
        const fx = fixtures.get(`${dir}/${name}`);
        if (fx && (stream ? fx.stream : fx.json)) return fx;
      }
    }
  }
  return undefined;
}

/**
 * Forced pick for `fixture:<path>`. Streaming requests prefer `<path>-stream`, then `<path>`
 * as a stream; a JSON-only fixture comes back with `synthesize: true` (the family turns it
 * into a stream) unless it is an error (served as JSON, like real providers do).
 * Non-stream requests take `<path>` (or `<path>` minus `-stream`) as JSON only.
 * @param {Map<string, import('./fixtures.mjs').Fixture>} fixtures
 * @param {string[]} roots @param {string} path @param {boolean} stream
 * @returns {{ fixture: import('./fixtures.mjs').Fixture, synthesize: boolean } | undefined}
 */
export function forcedFixture(fixtures, roots, path, stream) {
  const clean = path.replace(/^\/+/, '').replace(/\.(json|sse|chunks\.jsonl)$/, '');
  for (const root of roots) {
    const at = (n) => fixtures.get(`${root}/${n}`);
    if (stream) {
      const s = [at(`${clean}-stream`), at(clean)].find((fx) => fx?.stream);
      if (s) return { fixture: s, synthesize: false };
      const j = at(clean);
      if (j?.json) return { fixture: j, synthesize: j.status < 400 };
    } else {
      const j = [at(clean), at(clean.replace(/-stream$/, ''))].find((fx) => fx?.json);
      if (j) return { fixture: j, synthesize: false };
    }
  }
  return undefined;
}

/** True for a non-empty array (tools, messages, ...). */
export const hasItems = (v) => Array.isArray(v) && v.length > 0;

/**
 * Base URLs to point the gateway at, per provider, in each SDK's usual convention
 * (OpenAI-style bases include the version segment; Anthropic, Gemini and Azure do not).
 * @param {string} url the fake's origin, e.g. http://127.0.0.1:8788
 */
export function baseUrls(url) {
  return {
    openai: `${url}/openai/v1`,
    anthropic: `${url}/anthropic`,
    gemini: `${url}/gemini`,
    azure: `${url}/azure`,
    deepseek: `${url}/deepseek`,
    groq: `${url}/groq/openai/v1`,
    mistral: `${url}/mistral/v1`,
    openrouter: `${url}/openrouter/api/v1`,
    xai: `${url}/xai/v1`,
    together: `${url}/together/v1`,
    ollama: `${url}/ollama/v1`,
  };
}
