#!/usr/bin/env node
// Fails when the deployable Worker bundle is over its budget: 100 KB gzip (issue 15), every module
// wrangler would upload included (the main script and any additional module; not source maps).
// Builds with `wrangler deploy --dry-run` into a temporary directory and gzips each module the way
// wrangler's "Total Upload … / gzip" line does (zlib's default level).
//
//   npm run check:bundle                                      # sizes; exit 1 over the budget
//   node scripts/check-bundle.mjs --metafile /tmp/meta.json  # also keep esbuild's metafile
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 100_000;

/** Files of a wrangler output directory that are uploaded as modules (not maps, not the README). */
const MODULE = /\.(m?js|cjs|wasm|txt|html|bin)$/;

/** Size of every module in `outdir`, minified and gzipped, and whether the total fits `budget` bytes of gzip. */
export function measureBundle(outdir, budget = BUDGET_BYTES) {
  const modules = [];
  for (const name of fs.readdirSync(outdir, { recursive: true })) {
    const file = path.join(outdir, name);
    if (!MODULE.test(name) || !fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    modules.push({ name, bytes: bytes.length, gzip: gzipSync(bytes).length });
  }
  const bytes = modules.reduce((sum, module) => sum + module.bytes, 0);
  const gzip = modules.reduce((sum, module) => sum + module.gzip, 0);
  return { modules, bytes, gzip, budget, ok: gzip <= budget };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export function report({ modules, bytes, gzip, budget, ok }) {
  const lines = modules.map((module) => `  ${module.name}: ${kib(module.bytes)}, ${kib(module.gzip)} gzip`);
  lines.push(
    `Worker bundle: ${kib(bytes)} minified, ${kib(gzip)} gzip (${gzip} bytes): ${ok ? 'within' : 'OVER'} the ${budget / 1000} KB budget`,
  );
  return lines.join('\n');
}

function main() {
  const root = path.resolve(import.meta.dirname, '..');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bundle-'));
  const metafileAt = process.argv.indexOf('--metafile');
  const metafile = metafileAt > 0 ? ['--metafile', path.resolve(process.argv[metafileAt + 1])] : [];
  const wrangler = path.join(root, 'node_modules', '.bin', 'wrangler');
  const build = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', outdir, ...metafile], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    console.error('check:bundle: wrangler could not build the bundle');
    process.exit(1);
  }
  const measured = measureBundle(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(report(measured));
  if (!measured.ok) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
