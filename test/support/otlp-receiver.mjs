// A tiny OTLP/HTTP JSON receiver on loopback, standing in for an OpenTelemetry Collector in tests.
// POST /v1/traces stores the spans; `failNext(n)` makes the next n exports answer 503 (a collector
// that is down). GET /__spans and POST /__fail?count=n do the same over HTTP, for tests running
// inside workerd.
import { createServer } from 'node:http';

export async function startOtlpReceiver() {
  /** @type {{ headers: Record<string, string | string[] | undefined>, body: any }[]} */
  const exports = [];
  let failures = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver.local');
      if (req.method === 'GET' && url.pathname === '/__spans') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ exports, refused }));
      }
      if (req.method === 'POST' && url.pathname === '/__fail') {
        failures = Number(url.searchParams.get('count') ?? '0');
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'POST' && url.pathname.endsWith('/v1/traces')) {
        if (failures > 0) {
          failures--;
          refused++;
          res.writeHead(503, { 'content-type': 'application/json' });
          return res.end('{"code":14,"message":"unavailable"}');
        }
        exports.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{}');
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    exports,
    get refused() {
      return refused;
    },
    /** Every span received so far, flattened. */
    spans() {
      return exports.flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    },
    failNext(count) {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
