// Control API under /__fake/ (never logged as provider traffic):
//   GET    /__fake/requests   request log as JSON        DELETE /__fake/requests  clear the log
//   POST   /__fake/script     {match, responses[]}       GET /__fake/script       queued entries
//   DELETE /__fake/script     clear scripts              POST /__fake/reset       clear scripts + log
//   POST   /__fake/config     {latencyMs}                GET /__fake/health       liveness + fixture count
//   GET    /__fake/fixtures   loaded fixture names

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value */
export function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/**
 * @param {{ method: string, path: string, body: any, res: import('node:http').ServerResponse }} call
 * @param {{ requests: any[], scripts: import('./directives.mjs').Scripts, fixtures: Map<string, any>,
 *   options: { latencyMs: number } }} state
 */
export function handleControl({ method, path, body, res }, state) {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__fake/requests':
      return sendJson(res, 200, state.requests);
    case 'DELETE /__fake/requests':
      state.requests.length = 0;
      return sendJson(res, 200, { ok: true });
    case 'POST /__fake/script':
      try {
        return sendJson(res, 200, { ok: true, queued: state.scripts.add(body) });
      } catch (err) {
        return sendJson(res, 400, { ok: false, error: String(/** @type {Error} */ (err).message) });
      }
    case 'GET /__fake/script':
      return sendJson(res, 200, state.scripts.snapshot());
    case 'DELETE /__fake/script':
      state.scripts.clear();
      return sendJson(res, 200, { ok: true });
    case 'POST /__fake/reset':
      state.scripts.clear();
      state.requests.length = 0;
      return sendJson(res, 200, { ok: true });
    case 'POST /__fake/config':
      if (body && Number.isFinite(body.latencyMs)) state.options.latencyMs = Math.max(0, body.latencyMs);
      return sendJson(res, 200, { ok: true, latencyMs: state.options.latencyMs });
    case 'GET /__fake/health':
      return sendJson(res, 200, { ok: true, fake: true, fixtures: state.fixtures.size });
    case 'GET /__fake/fixtures':
      return sendJson(res, 200, [...state.fixtures.keys()].sort());
    default:
      return sendJson(res, 404, { ok: false, error: `fake-upstream: no control route ${route}` });
  }
}
