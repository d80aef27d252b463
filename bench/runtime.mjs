// Workers under Miniflare's API directly (real workerd, local bindings), without wrangler's dev
// proxy, which would dominate the figures (see README "Benchmarks").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, supportedCompatibilityDate } from 'miniflare';
import { buildWorker } from '../scripts/build-worker.mjs';
import { measureBundle, staticImports } from '../scripts/check-bundle.mjs';
import { gatewayStorageBindings } from '../scripts/miniflare-bindings.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Worker as deployed (scripts/build-worker.mjs, what wrangler.toml's `[build]` runs) into
 * <outdir>: index.js, its chunks and lazy/*.js. Returns the entry's path and the startup set's
 * raw and gzip sizes (the entry and the chunks it imports statically: scripts/check-bundle.mjs).
 */
export async function buildBundle({ outdir = 'dist', minify = true } = {}) {
  const metafile = await buildWorker({ outdir, minify });
  const dir = join(root, outdir);
  const { bytes, gzip } = measureBundle(dir, staticImports(metafile, dir));
  return { path: join(dir, 'index.js'), bytes, gzipBytes: gzip };
}

const common = () => ({
  host: '127.0.0.1',
  port: 0,
  modules: true,
  compatibilityDate: supportedCompatibilityDate,
  compatibilityFlags: ['nodejs_compat'],
  // The gateway logs one line per request (console.log → workerd's stdout); the tables are the
  // bench's output, so stdout is drained and only stderr (errors) is shown.
  handleRuntimeStdio: (stdout, stderr) => {
    stdout.resume();
    stderr.pipe(process.stderr);
  },
});

export async function startPassthrough(upstreamUrl) {
  const mf = new Miniflare({
    ...common(),
    scriptPath: join(root, 'bench/passthrough-worker.mjs'),
    bindings: { UPSTREAM_URL: upstreamUrl },
  });
  return { url: (await mf.ready).toString().replace(/\/$/, ''), stop: () => mf.dispose() };
}

/**
 * Every module of the build but the entry (its chunks, lazy/*.js), named as the entry imports them:
 * beside dist/index.js, whichever directory the build is in.
 */
function buildModules(bundlePath) {
  const dir = dirname(bundlePath);
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.js') && name !== 'index.js')
    .map((name) => ({ type: 'ESModule', path: join(root, 'dist', name), contents: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * The floor plus the binding calls of an everything-on request and nothing else
 * (bench/bindings-worker.mjs): what the local simulators cost, to tell the gateway's own CPU apart.
 */
export async function startBindingsOnly(upstreamUrl, calls = 'do,kv,queue') {
  const mf = new Miniflare({
    ...common(),
    scriptPath: join(root, 'bench/bindings-worker.mjs'),
    bindings: { UPSTREAM_URL: upstreamUrl, CALLS: calls },
    kvNamespaces: ['CACHE'],
    durableObjects: { LIMITER: { className: 'Counter', useSQLite: true } },
    queueProducers: { USAGE_QUEUE: { queueName: 'bench-usage' } },
    queueConsumers: { 'bench-usage': { maxBatchSize: 100, maxBatchTimeout: 2, maxRetries: 5 } },
  });
  return { url: (await mf.ready).toString().replace(/\/$/, ''), stop: () => mf.dispose() };
}

/**
 * The Switchboard bundle with every binding wrangler.toml declares, behind the bench's
 * operation counter (bench/counting-entry.mjs imports the bundle and wraps its bindings).
 */
export async function startSwitchboard(bundlePath, bindings, extra = {}) {
  const mf = new Miniflare({
    ...common(),
    ...extra,
    modulesRoot: root,
    modules: [
      { type: 'ESModule', path: join(root, 'bench/counting-entry.mjs') },
      // Always named dist/index.js (what counting-entry.mjs imports), whichever build it is.
      { type: 'ESModule', path: join(root, 'dist/index.js'), contents: readFileSync(bundlePath, 'utf8') },
      ...buildModules(bundlePath),
    ],
    bindings: { SWITCHBOARD_DEFAULT_PROVIDER: 'openai', SWITCHBOARD_CORS_ORIGINS: '*', ...bindings },
    ...gatewayStorageBindings,
    queueConsumers: {
      'switchboard-usage': { maxBatchSize: 100, maxBatchTimeout: 2, maxRetries: 5, deadLetterQueue: 'switchboard-usage-dlq' },
      'switchboard-telemetry': { maxBatchSize: 100, maxBatchTimeout: 5, maxRetries: 8 },
    },
  });
  return { url: (await mf.ready).toString().replace(/\/$/, ''), stop: () => mf.dispose() };
}
