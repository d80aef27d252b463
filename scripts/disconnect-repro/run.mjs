// Does a slow upstream see its connection closed when the client of a Worker goes away?
// A plain Worker (worker.mjs) between a Node client and a slow loopback server, run under
// `wrangler dev` (its dev proxy in front) or Miniflare's API (workerd alone). The client
// disconnects after ABORT_MS; the server reports when its connection closed.
//   node scripts/disconnect-repro/run.mjs [wrangler|miniflare]      (DEBUG=1 shows the Worker's log)
// Findings (docs/faults.md, "Cancellation"): workerd learns of a gone client only when the Worker
// writes to it; under wrangler dev one write later; a non-stream request never writes, so its
// upstream runs to the end locally.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, supportedCompatibilityDate } from 'miniflare';
import { freePort } from '../local-gateway.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const wranglerBin = join(here, '..', '..', 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const runtime = process.argv[2] ?? 'wrangler';
const abortMs = Number(process.env.ABORT_MS ?? 1500);
const verbose = Boolean(process.env.DEBUG);

/** A server that waits `first` ms, then writes `data: N` every `every` ms (300 at most). */
function startUpstream() {
  const log = [];
  const server = http.createServer((req, res) => {
    const query = new URL(req.url, 'http://upstream').searchParams;
    const entry = { sent: 0, closedAt: null, finished: false };
    log.push(entry);
    let timer;
    res.on('close', () => {
      entry.closedAt = Date.now();
      entry.finished = res.writableFinished;
      clearTimeout(timer);
      clearInterval(timer);
    });
    timer = setTimeout(
      () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        timer = setInterval(
          () => {
            if (entry.sent === 300) return res.end();
            res.write(`data: ${entry.sent++}\n\n`);
          },
          Number(query.get('every') ?? 200),
        );
      },
      Number(query.get('first') ?? 0),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, log, url: `http://127.0.0.1:${server.address().port}` })),
  );
}

async function startWorker(upstreamUrl) {
  if (runtime === 'miniflare') {
    const mf = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      modules: true,
      scriptPath: join(here, 'worker.mjs'),
      compatibilityDate: supportedCompatibilityDate,
      compatibilityFlags: ['nodejs_compat', 'enable_request_signal'],
      bindings: { UPSTREAM: upstreamUrl },
      handleRuntimeStdio: (stdout, stderr) => {
        for (const stream of [stdout, stderr]) {
          if (verbose) stream.pipe(process.stderr);
          else stream.resume();
        }
      },
    });
    return { url: (await mf.ready).toString().replace(/\/$/, ''), stop: () => mf.dispose() };
  }
  const port = await freePort();
  const inspector = await freePort();
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspector),
    '--var',
    `UPSTREAM:${upstreamUrl}`,
  ];
  const child = spawn(process.execPath, [wranglerBin, ...args, '--show-interactive-dev-session=false'], {
    cwd: here,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
  });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (data) => verbose && process.stderr.write(data));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 300) throw new Error('wrangler dev did not start');
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop: async () => child.kill('SIGTERM') };
}

async function trial(worker, upstream, query) {
  upstream.log.length = 0;
  let chunks = 0;
  const request = http.get(`${worker.url}/?${query}`, (res) => res.on('data', () => chunks++).on('error', () => {}));
  request.on('error', () => {});
  await new Promise((resolve) => setTimeout(resolve, abortMs));
  request.destroy();
  const leftAt = Date.now();
  while (Date.now() < leftAt + 8000 && !upstream.log[0]?.closedAt) await new Promise((resolve) => setTimeout(resolve, 10));
  const entry = upstream.log[0];
  const closed = entry?.closedAt ? `${entry.finished ? 'finished' : 'closed'} ${entry.closedAt - leftAt} ms after` : 'still open 8 s after';
  console.log(
    `${runtime} ${query}: client read ${chunks} chunks, left at ${abortMs} ms; upstream ${closed} (it sent ${entry?.sent} events)`,
  );
}

const upstream = await startUpstream();
const worker = await startWorker(upstream.url);
try {
  await trial(worker, upstream, 'mode=pipe&every=300'); // flowing: one event every 300 ms
  await trial(worker, upstream, 'mode=ka&first=9000'); // waiting: the Worker writes a comment every second
  await trial(worker, upstream, 'mode=json&every=200'); // non-stream: nothing written until the upstream ends
} finally {
  await worker.stop();
  upstream.server.closeAllConnections();
  upstream.server.close();
}
