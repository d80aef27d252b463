// Workers under Miniflare's API directly (real workerd, local bindings), without wrangler's dev
// proxy, which would dominate the figures (see README "Benchmarks").
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Miniflare, supportedCompatibilityDate } from 'miniflare';
import { gatewayStorageBindings } from '../scripts/miniflare-bindings.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `wrangler deploy --dry-run` → <outdir>/index.js; returns its path and raw and gzip sizes. */
export function buildBundle({ outdir = 'dist', minify = true } = {}) {
  const args = ['deploy', '--dry-run', '--outdir', outdir, ...(minify ? [] : ['--no-minify'])];
  execFileSync(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const code = readFileSync(join(root, outdir, 'index.js'));
  return { path: join(root, outdir, 'index.js'), bytes: code.length, gzipBytes: gzipSync(code).length };
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

/** The build's additional modules (`<outdir>/lazy/*.js`, the tokenizer encodings), named as the bundle imports them. */
function lazyModules(bundlePath) {
  const dir = join(dirname(bundlePath), 'lazy');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ type: 'ESModule', path: join(root, 'dist/lazy', name), contents: readFileSync(join(dir, name), 'utf8') }));
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
      ...lazyModules(bundlePath),
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
