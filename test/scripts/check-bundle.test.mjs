// The bundle check (scripts/check-bundle.mjs) measures every uploaded module of a build directory,
// leaves source maps out, and holds the startup set (the entry and every chunk it imports
// statically, transitively) to its ceiling and target; chunks only an import() reaches are lazy.
// The last test builds the real Worker and checks that the cold paths are out of the startup set.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildWorker } from '../../scripts/build-worker.mjs';
import {
  CEILING_BYTES,
  measureBundle,
  report,
  startupSet,
  startupSources,
  staticImports,
  TARGET_BYTES,
} from '../../scripts/check-bundle.mjs';

const dir = mkdtempSync(join(tmpdir(), 'check-bundle-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Random bytes do not compress: their gzip size is known to within a few dozen bytes.
const files = {
  'index.js': randomBytes(30_000),
  'chunk-shared.js': randomBytes(10_000),
  'chunk-deep.js': randomBytes(5_000),
  'consumer.js': randomBytes(20_000),
  [join('lazy', 'tokenizer.js')]: randomBytes(40_000),
};
mkdirSync(join(dir, 'lazy'));
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
writeFileSync(join(dir, 'index.js.map'), randomBytes(200_000));

/** esbuild's metafile for that directory, as build-worker.mjs gets it (paths relative to the working directory). */
const output = (imports) => ({ imports, bytes: 0, inputs: {} });
const at = (name) => join(dir, name);
const metafile = {
  outputs: {
    [at('index.js')]: output([
      { path: at('chunk-shared.js'), kind: 'import-statement' },
      { path: 'cloudflare:workers', kind: 'import-statement', external: true },
      { path: at('consumer.js'), kind: 'dynamic-import' },
    ]),
    [at('chunk-shared.js')]: output([{ path: at('chunk-deep.js'), kind: 'import-statement' }]),
    [at('chunk-deep.js')]: output([{ path: './lazy/tokenizer.js', kind: 'dynamic-import', external: true }]),
    [at('consumer.js')]: output([{ path: at('chunk-shared.js'), kind: 'import-statement' }]),
    [at('index.js.map')]: output([]),
  },
};
const graph = staticImports(metafile, dir, '/');
const gzip = (...names) => names.reduce((sum, name) => sum + gzipSync(files[name]).length, 0);

describe('check:bundle', () => {
  it('follows static imports only, transitively: a chunk reached through import() is lazy', () => {
    assert.deepEqual(graph['index.js'], ['chunk-shared.js']);
    assert.deepEqual(graph['chunk-deep.js'], []);
    assert.deepEqual([...startupSet(graph)].sort(), ['chunk-deep.js', 'chunk-shared.js', 'index.js']);
  });

  it('sizes the startup set, marks the rest lazy and leaves maps out', () => {
    const measured = measureBundle(dir, graph);
    assert.deepEqual(measured.modules.map((module) => [module.name, module.lazy]).sort(), [
      ['chunk-deep.js', false],
      ['chunk-shared.js', false],
      ['consumer.js', true],
      ['index.js', false],
      [join('lazy', 'tokenizer.js'), true],
    ]);
    assert.equal(measured.bytes, 45_000);
    assert.equal(measured.gzip, gzip('index.js', 'chunk-shared.js', 'chunk-deep.js'));
    assert.match(report(measured), /Loaded on first use[\s\S]*consumer\.js/);
  });

  it('is over the ceiling when the startup set passes it, within it otherwise; the target is judged apart', () => {
    const { gzip } = measureBundle(dir, graph);
    assert.equal(measureBundle(dir, graph, gzip).ok, true);
    const over = measureBundle(dir, graph, gzip - 1);
    assert.equal(over.ok, false);
    assert.match(report(over), /OVER the \d+(\.\d+)? KB ceiling/);
    const within = measureBundle(dir, graph, 100_000, gzip - 1);
    assert.equal(within.targetMet, false);
    assert.match(report(within), /within the 100 KB ceiling; target \d+(\.\d+)? KB not met/);
    assert.match(report(measureBundle(dir, graph, 100_000, 100_000)), /target 100 KB met/);
  });

  it('enforces the target itself', () => {
    assert.equal(CEILING_BYTES, TARGET_BYTES);
  });

  it('refuses a graph naming a module the build does not have', () => {
    assert.throws(() => measureBundle(dir, { 'index.js': ['chunk-gone.js'] }), /no chunk-gone\.js/);
  });
});

describe('the Worker build', () => {
  it('keeps the queue consumer, the retention cron, the cold routes and the Gemini adapter out of the startup set', async () => {
    const outdir = join(dir, 'build');
    const built = await buildWorker({ outdir });
    const measured = measureBundle(outdir, staticImports(built, outdir));
    assert.ok(measured.ok, `the startup set is ${measured.gzip} B gzip, over the ${CEILING_BYTES} B ceiling`);
    const inputsAtStart = startupSources(built, outdir);
    assert.ok(inputsAtStart.has('src/app.ts'), 'the startup set is found');
    for (const cold of [
      'src/lib/usage/consumer.ts',
      'src/lib/archive/batch-writer.ts',
      'src/lib/telemetry/span-export.ts',
      'src/lib/archive/retention.ts',
      'src/lib/usage/report.ts',
      'src/lib/usage/pdf-report.ts',
      'src/lib/archive/read.ts',
      'src/lib/telemetry/prometheus.ts',
      'src/routes/admin-keys.ts',
      // Loaded when a request is first planned to Gemini (providers/registry.ts).
      'src/providers/gemini/index.ts',
      'src/providers/gemini/request.ts',
      'src/providers/gemini/stream.ts',
    ]) {
      assert.ok(!inputsAtStart.has(cold), `${cold} is loaded at start`);
    }
  });
});
