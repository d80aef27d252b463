#!/usr/bin/env node
// The Worker's build (issue 15): esbuild with code splitting, so that what a proxied request never
// runs (the queue consumer, the retention cron, the admin, usage, logs, metrics, session and
// template routes, …) sits in chunks an isolate loads on first use through `import()`, not in the
// modules it parses at start. wrangler's own bundler cannot split: it inlines every `import()` of a
// TypeScript module. wrangler.toml runs this as its `[build]` command and uploads the output as is
// (`no_bundle`, `find_additional_modules`): the entry, its chunks and the tokenizer encodings.
//
// The options are the ones wrangler 4 gave esbuild (deploy-bundle.ts: target, `supported`,
// conditions, defines), with wrangler.toml's `minify = true` and `keep_names = false`.
//
//   node scripts/build-worker.mjs                         # build/ (wrangler.toml's main and base_dir)
//   node scripts/build-worker.mjs --outdir DIR --no-minify --metafile FILE
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export const root = path.resolve(import.meta.dirname, '..');
/** wrangler.toml's `main` is `<OUTDIR>/index.js`, its `base_dir` is OUTDIR. */
export const OUTDIR = 'build';
/** The BPE tokenizer encodings (scripts/vendor-tokenizer.mjs): already built, copied beside the entry. */
const LAZY_SOURCE = path.join('src', 'lazy');

/**
 * Build the Worker into `outdir`: `index.js` (the entry, with the Durable Object classes), chunks
 * beside it (all in one folder, so the tokenizers' `./lazy/…` specifiers, kept as written, resolve
 * from any of them) and `lazy/*.js`. Returns esbuild's metafile.
 */
export async function buildWorker({ outdir = OUTDIR, minify = true, nodeEnv = 'production' } = {}) {
  const out = path.resolve(root, outdir);
  fs.rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'switchboard-[name]-[hash]',
    minify,
    keepNames: false,
    sourcemap: 'linked',
    metafile: true,
    target: 'es2024',
    supported: { 'import-source': true, using: true },
    conditions: ['workerd', 'worker', 'browser'],
    define: {
      'navigator.userAgent': '"Cloudflare-Workers"',
      'process.env.NODE_ENV': JSON.stringify(nodeEnv),
      'global.process.env.NODE_ENV': JSON.stringify(nodeEnv),
      'globalThis.process.env.NODE_ENV': JSON.stringify(nodeEnv),
    },
    external: ['cloudflare:*', 'node:*', './lazy/*'],
    logLevel: 'warning',
  });
  fs.mkdirSync(path.join(out, 'lazy'), { recursive: true });
  for (const name of fs.readdirSync(path.join(root, LAZY_SOURCE)).filter((file) => file.endsWith('.js'))) {
    fs.copyFileSync(path.join(root, LAZY_SOURCE, name), path.join(out, 'lazy', name));
  }
  return result.metafile;
}

function option(args, name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const metafile = await buildWorker({ outdir: option(args, '--outdir') ?? OUTDIR, minify: !args.includes('--no-minify') });
  const metafilePath = option(args, '--metafile');
  if (metafilePath) fs.writeFileSync(path.resolve(metafilePath), JSON.stringify(metafile));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`build-worker: ${error.message}`);
    process.exit(1);
  });
}
