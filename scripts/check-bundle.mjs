#!/usr/bin/env node
// The Worker bundle's size (issue 15): what an isolate loads at start, against the 100 KB gzip.
// scripts/build-worker.mjs splits the Worker: the entry (index.js) and every chunk it imports
// statically, transitively, are loaded when an isolate starts (the startup set); a chunk only an
// `import()` reaches (the queue consumer, cold routes, the BPE tokenizers in lazy/) is loaded on
// first use, so it is reported apart, as the issue allows ("or loaded lazily"). Import kinds come
// from esbuild's metafile. Each module is gzipped the way wrangler's "Total Upload … / gzip" line
// does (zlib's default level); the startup figure is the sum of its modules' gzip sizes.
//
// The target is the ceiling CI enforces: over it, this check fails (a dependency or a data file
// bundled by mistake, or a cold path imported statically from the request path).
//
//   npm run check:bundle                                      # sizes; exit 1 over the ceiling
//   node scripts/check-bundle.mjs --metafile /tmp/meta.json  # also keep esbuild's metafile
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWorker, root } from './build-worker.mjs';

/** The budget for what an isolate loads at start, gzip. */
export const TARGET_BYTES = 100_000;
/** What CI enforces: the target itself, met since the split (99 909 B gzip on 2026-11-30). */
export const CEILING_BYTES = TARGET_BYTES;
/** The module every isolate loads first. */
export const ENTRY = 'index.js';

/** Files of a build directory that are uploaded as modules (not maps). */
const MODULE = /\.(m?js|cjs|wasm|txt|html|bin)$/;

/**
 * Each output module's static imports (`import … from`, not `import()`), by module name relative
 * to `outdir`, from esbuild's metafile (whose paths are relative to `workingDir`). External
 * imports (`cloudflare:workers`, the tokenizers' `./lazy/…`) are left out: they are not chunks.
 */
export function staticImports(metafile, outdir, workingDir = root) {
  const name = (file) => path.relative(outdir, path.resolve(workingDir, file));
  const graph = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!MODULE.test(file)) continue;
    graph[name(file)] = output.imports
      .filter((imported) => imported.kind === 'import-statement' && !imported.external)
      .map((imported) => name(imported.path));
  }
  return graph;
}

/** The entry and every module it imports statically, transitively: what an isolate evaluates at start. */
export function startupSet(graph, entry = ENTRY) {
  const loaded = new Set();
  const visit = (module) => {
    if (loaded.has(module)) return;
    loaded.add(module);
    for (const imported of graph[module] ?? []) visit(imported);
  };
  visit(entry);
  return loaded;
}

/** The source files (esbuild's metafile inputs) whose code is in the startup set. */
export function startupSources(metafile, outdir, workingDir = root) {
  const startup = startupSet(staticImports(metafile, outdir, workingDir));
  const atStart = Object.entries(metafile.outputs).filter(([file]) => startup.has(path.relative(outdir, path.resolve(workingDir, file))));
  return new Set(atStart.flatMap(([, output]) => Object.keys(output.inputs)));
}

/** Size of every module in `outdir`, minified and gzipped; the startup set's gzip against `ceiling` and `target`. */
export function measureBundle(outdir, graph, ceiling = CEILING_BYTES, target = TARGET_BYTES) {
  const startup = startupSet(graph);
  const modules = [];
  for (const name of fs.readdirSync(outdir, { recursive: true })) {
    const file = path.join(outdir, name);
    if (!MODULE.test(name) || !fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    modules.push({ name, bytes: bytes.length, gzip: gzipSync(bytes).length, lazy: !startup.has(name) });
  }
  const missing = [...startup].filter((name) => !modules.some((module) => module.name === name));
  if (missing.length > 0) throw new Error(`check:bundle: the build has no ${missing.join(', ')}`);
  const loaded = modules.filter((module) => !module.lazy);
  const bytes = loaded.reduce((sum, module) => sum + module.bytes, 0);
  const gzip = loaded.reduce((sum, module) => sum + module.gzip, 0);
  return { modules, bytes, gzip, ceiling, target, ok: gzip <= ceiling, targetMet: gzip <= target };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export function report({ modules, bytes, gzip, ceiling, target, ok, targetMet }) {
  const line = (module) => `  ${module.name}: ${kib(module.bytes)}, ${kib(module.gzip)} gzip`;
  const bySize = (a, b) => b.gzip - a.gzip;
  const loaded = modules.filter((module) => !module.lazy).sort(bySize);
  const lazy = modules.filter((module) => module.lazy).sort(bySize);
  return [
    'Loaded at start (the entry and the chunks it imports statically):',
    ...loaded.map(line),
    'Loaded on first use (reached only through import()):',
    ...lazy.map(line),
    `Worker startup set: ${kib(bytes)} minified, ${kib(gzip)} gzip (${gzip} bytes) in ${loaded.length} modules: ` +
      `${ok ? 'within' : 'OVER'} the ${ceiling / 1000} KB ceiling; target ${target / 1000} KB ${targetMet ? 'met' : 'not met'}`,
  ].join('\n');
}

async function main() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bundle-'));
  const metafileAt = process.argv.indexOf('--metafile');
  try {
    const metafile = await buildWorker({ outdir });
    if (metafileAt > 0) fs.writeFileSync(path.resolve(process.argv[metafileAt + 1]), JSON.stringify(metafile, null, 2));
    const measured = measureBundle(outdir, staticImports(metafile, outdir));
    console.log(report(measured));
    if (!measured.ok) process.exitCode = 1;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`check:bundle: ${error.message}`);
    process.exit(1);
  });
}
