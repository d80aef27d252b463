#!/usr/bin/env node
// `npm run cf-typegen`: `wrangler types` into worker-configuration.d.ts, with the Durable Object
// and `ctx.exports` types read from the TypeScript entry (src/index.ts). wrangler takes them from
// wrangler.toml's `main`, which is the built JavaScript (build/index.js, scripts/build-worker.mjs):
// untyped, and absent before the first build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, 'worker-configuration.d.ts');
const wrangler = path.join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const { status } = spawnSync(process.execPath, [wrangler, 'types', '--include-runtime', 'false'], { cwd: root, stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);
fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('import("./build/index")', 'import("./src/index")'));
