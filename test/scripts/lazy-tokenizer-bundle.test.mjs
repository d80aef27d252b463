// The BPE tokenizer stays out of the main Worker bundle: `wrangler deploy --dry-run` uploads the
// encodings as additional modules (wrangler.toml `rules`) and the main module only `import()`s
// them; and the committed modules in src/lazy/ are what scripts/vendor-tokenizer.mjs builds from
// the installed gpt-tokenizer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
      const main = readFileSync(join(out, 'index.js'), 'utf8');
      assert.match(main, /import\("\.\/lazy\/tokenizer-o200k\.js"\)/);
      assert.match(main, /import\("\.\/lazy\/tokenizer-cl100k\.js"\)/);
      for (const name of ['tokenizer-o200k.js', 'tokenizer-cl100k.js']) {
        assert.ok(statSync(join(out, 'lazy', name)).size > 500_000, `${name} is uploaded as its own module`);
      }
      // No rank table in the main module: it stays far below one encoding's size.
      assert.ok(gzipSync(main).byteLength < 200_000, `main module ${gzipSync(main).byteLength} bytes gzip`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('src/lazy/ is what scripts/vendor-tokenizer.mjs builds from the installed gpt-tokenizer', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'vendor-tokenizer.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });
});
