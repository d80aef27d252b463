// FAKE upstream LLM provider for Switchboard tests and benchmarks. Replays recorded provider
// traffic from test/fixtures/recorded/ over real HTTP. See README.md in this folder.
import { createServer } from 'node:http';
import * as anthropic from './anthropic.mjs';
import { handleControl, sendJson } from './control.mjs';
import * as counting from './counting.mjs';
import { resolveDirectives, Scripts } from './directives.mjs';
import { ANTHROPIC, AZURE, DEFAULT_KEYS, GEMINI, OPENAI_FAMILIES } from './families.mjs';
import { errorResponse } from './faults.mjs';
import { loadFixtures } from './fixtures.mjs';
import * as gemini from './gemini.mjs';
import * as openai from './openai.mjs';
import { responsesPlan } from './openai-responses.mjs';
import { beforeResponse, send } from './respond.mjs';

/** Header that carries each dialect's credential (recorded in the log as `auth`). */
const AUTH_HEADER = {
  openai: 'authorization',
  openrouter: 'authorization',
  azure: 'api-key',
  anthropic: 'x-api-key',
  gemini: 'x-goog-api-key',
};

/** Map a path to a family and endpoint; undefined when nothing is mounted there. */
function route(method, url) {
  const path = url.pathname;
  for (const family of OPENAI_FAMILIES) {
    for (const prefix of family.prefixes) {
      if (!path.startsWith(`${prefix}/`)) continue;
      const endpoint = {
        'POST /chat/completions': 'chat',
        'POST /responses': 'responses',
        'POST /embeddings': 'embeddings',
        'GET /models': 'models',
      }[`${method} ${path.slice(prefix.length)}`];
      if (endpoint) return { family, endpoint };
      // Only OpenAI itself counts Responses input (compatible hosts and Azure answer 404).
      if (family.id === 'openai' && method === 'POST' && path.slice(prefix.length) === '/responses/input_tokens')
        return { family, endpoint: 'input_tokens' };
    }
  }
  const az = /^\/azure\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(path);
  if (az && method === 'POST')
    return { family: AZURE, endpoint: az[2] === 'embeddings' ? 'embeddings' : 'chat', model: decodeURIComponent(az[1]) };
  // Azure serves Responses at /openai/responses?api-version=… and (v1 API, no api-version) /openai/v1/responses
  if (method === 'POST' && (path === '/azure/openai/responses' || path === '/azure/openai/v1/responses'))
    return { family: AZURE, endpoint: 'responses', v1: path.startsWith('/azure/openai/v1/') };
  if (method === 'POST' && path === '/anthropic/v1/messages') return { family: ANTHROPIC, endpoint: 'messages' };
  if (method === 'POST' && path === '/anthropic/v1/messages/count_tokens') return { family: ANTHROPIC, endpoint: 'count_tokens' };
  for (const prefix of GEMINI.prefixes) {
    const g = method === 'POST' && path.startsWith(`${prefix}/`) ? gemini.parseModelPath(path.slice(prefix.length)) : undefined;
    if (g) return { family: GEMINI, endpoint: 'gemini', model: g.model, action: g.action };
  }
  return undefined;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Start the fake upstream.
 * @param {{ port?: number, host?: string, latencyMs?: number, keys?: Record<string, string>, maxLog?: number }} [opts]
 *   maxLog: the request log keeps the newest `maxLog` entries (default 20000) so long benches stay bounded.
 */
export async function startFakeUpstream({ port = 0, host = '127.0.0.1', latencyMs = 0, keys, maxLog = 20_000 } = {}) {
  const fixtures = loadFixtures();
  const state = {
    fixtures,
    scripts: new Scripts(),
    requests: /** @type {any[]} */ ([]),
    options: { latencyMs },
    keys: { ...DEFAULT_KEYS, ...keys },
  };
  let nextId = 0;

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    let body = null;
    let badJson = false;
    if (rawBody.length) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        badJson = true;
      }
    }
    if (url.pathname.startsWith('/__fake/')) return handleControl({ method, path: url.pathname, body, res }, state);

    const r = route(method, url);
    const authHeader = r ? AUTH_HEADER[r.family.dialect] : undefined;
    const entry = {
      id: ++nextId,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      auth: authHeader
        ? { header: authHeader, present: req.headers[authHeader] !== undefined, value: req.headers[authHeader] ?? null }
        : null,
      body,
      /** The body exactly as received, for byte-for-byte assertions. */
      rawBody,
      at: Date.now(),
      family: r?.family.id ?? null,
      endpoint: r?.endpoint ?? null,
      model: null,
      directives: {},
      fixture: null,
      status: null,
      aborted: false,
    };
    state.requests.push(entry);
    if (state.requests.length > maxLog * 1.1) state.requests.splice(0, state.requests.length - maxLog);
    const ac = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished && !entry.dropped) {
        entry.aborted = true;
        entry.abortedAt = Date.now();
      }
      ac.abort();
    });
    const ctx = { req, res, entry, signal: ac.signal, latencyMs: state.options.latencyMs };

    if (!r) {
      if (!(await beforeResponse(ctx, {}))) return;
      entry.status = 404;
      return sendJson(res, 404, {
        error: {
          message: `fake-upstream: nothing mounted at ${method} ${url.pathname}`,
          type: 'invalid_request_error',
          param: null,
          code: 'unknown_url',
        },
      });
    }
    const { family } = r;
    /** @type {any} */
    let early;
    if (family === ANTHROPIC) early = anthropic.checkAuth(req, family, state.keys, fixtures);
    else if (family === GEMINI) early = gemini.checkAuth(req, family, state.keys, fixtures, url);
    else
      early =
        openai.checkAuth(req, family, state.keys, fixtures) ??
        (family === AZURE && !r.v1 ? openai.checkAzureQuery(url, family, fixtures) : undefined);
    if (!early && badJson)
      early = {
        kind: 'json',
        ...errorResponse(family, 400, { fixtures, message: 'We could not parse the JSON body of your request. (fake-upstream)' }),
      };

    const rawModel = r.model ?? (typeof body?.model === 'string' ? body.model : '');
    const parsed = early ? { model: rawModel, directives: {} } : resolveDirectives(rawModel, state.scripts);
    Object.assign(entry, { model: rawModel, directives: parsed.directives, scripted: parsed.scripted ?? false });
    const d = parsed.directives;
    if (!(await beforeResponse(ctx, d))) return;

    let plan = early;
    if (!plan && d.status !== undefined)
      plan = { kind: 'json', ...errorResponse(family, d.status, { fixtures, retryAfter: d.retryAfter }) };
    if (!plan) {
      const call = { family, body, parsed, fixtures, action: r.action, url };
      if (r.endpoint === 'chat') plan = openai.chatPlan(call);
      else if (r.endpoint === 'responses') plan = responsesPlan(call);
      else if (r.endpoint === 'embeddings') plan = openai.embeddingsPlan(call);
      else if (r.endpoint === 'models') plan = openai.modelsPlan(call);
      else if (r.endpoint === 'messages') plan = anthropic.messagesPlan(call);
      else if (r.endpoint === 'count_tokens') plan = counting.anthropicCountPlan(call);
      else if (r.endpoint === 'input_tokens') plan = counting.openaiInputTokensPlan(call);
      else if (r.action === 'countTokens') plan = counting.geminiCountPlan(call);
      else plan = gemini.geminiPlan(call);
    }
    entry.fixture = plan.fixture ?? null;
    if (plan.synthesized) entry.synthesized = true;
    await send(ctx, plan, early ? {} : d);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { message: `fake-upstream internal error: ${err?.message ?? err}`, type: 'fake_upstream_bug' } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    requests: state.requests,
    keys: state.keys,
    /** Clear scripts and the request log (the `requests` array is cleared in place). */
    reset() {
      state.scripts.clear();
      state.requests.length = 0;
    },
    /** @param {{ match?: string, responses: string[] }} spec */
    script(spec) {
      return state.scripts.add(spec);
    },
    /** @param {number} ms */
    setLatencyMs(ms) {
      state.options.latencyMs = ms;
    },
    /** Stop listening and destroy every open connection, including hung ones. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}
