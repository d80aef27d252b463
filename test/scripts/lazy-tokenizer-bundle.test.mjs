// The BPE tokenizer stays out of the Worker's own modules: `wrangler deploy --dry-run` uploads the
// encodings as additional modules (wrangler.toml `rules`, copied beside the build by
// scripts/build-worker.mjs) and the entry or one of its chunks only `import()`s them; and the committed modules in src/lazy/ are what scripts/vendor-tokenizer.mjs builds from
// the installed gpt-tokenizer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

describe('the lazily loaded tokenizer', () => {
  it('is uploaded beside the main module, not bundled into it', () => {
    const out = mkdtempSync(join(tmpdir(), 'switchboard-bundle-'));
    try {
      const run = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', out], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      // The entry and its chunks, all at the top of the output, so `./lazy/…` resolves from any of them.
      const own = readdirSync(out).filter((name) => name.endsWith('.js'));
      const main = own.map((name) => readFileSync(join(out, name), 'utf8')).join('\n');
      assert.match(main, /import\("\.\/lazy\/tokenizer-o200k\.js"\)/);
      assert.match(main, /import\("\.\/lazy\/tokenizer-cl100k\.js"\)/);
      for (const name of ['tokenizer-o200k.js', 'tokenizer-cl100k.js']) {
        assert.ok(statSync(join(out, 'lazy', name)).size > 500_000, `${name} is uploaded as its own module`);
      }
      // No rank table in the Worker's own modules: together they stay far below one encoding's size.
      assert.ok(gzipSync(main).byteLength < 200_000, `the Worker's own modules: ${gzipSync(main).byteLength} bytes gzip`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('src/lazy/ is what scripts/vendor-tokenizer.mjs builds from the installed gpt-tokenizer', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'vendor-tokenizer.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });
});
