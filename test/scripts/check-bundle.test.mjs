// The bundle check (scripts/check-bundle.mjs) measures every uploaded module of a wrangler output
// directory, leaves source maps out, and holds the main module (index.js) to its ceiling and target;
// lazily loaded modules are reported apart.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { measureBundle, report } from '../../scripts/check-bundle.mjs';

const dir = mkdtempSync(join(tmpdir(), 'check-bundle-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Random bytes do not compress: their gzip size is known to within a few dozen bytes.
const main = randomBytes(30_000);
const extra = randomBytes(20_000);
writeFileSync(join(dir, 'index.js'), main);
mkdirSync(join(dir, 'chunks'));
writeFileSync(join(dir, 'chunks', 'prices.js'), extra);
writeFileSync(join(dir, 'index.js.map'), randomBytes(200_000));
writeFileSync(join(dir, 'README.md'), 'not uploaded');

describe('check:bundle', () => {
  it('measures every module, marks all but index.js lazy, leaves maps out, and sizes the main module', () => {
    const measured = measureBundle(dir);
    assert.deepEqual(measured.modules.map((module) => [module.name, module.lazy]).sort(), [
      [join('chunks', 'prices.js'), true],
      ['index.js', false],
    ]);
    assert.equal(measured.bytes, 30_000);
    assert.equal(measured.gzip, gzipSync(main).length);
  });

  it('is over the ceiling when the main module passes it, within it otherwise; the target is judged apart', () => {
    const { gzip } = measureBundle(dir);
    assert.equal(measureBundle(dir, gzip).ok, true);
    const over = measureBundle(dir, gzip - 1);
    assert.equal(over.ok, false);
    assert.match(report(over), /OVER the \d+(\.\d+)? KB ceiling/);
    const within = measureBundle(dir, 100_000, gzip - 1);
    assert.equal(within.ok, true);
    assert.equal(within.targetMet, false);
    assert.match(report(within), /within the 100 KB ceiling; target \d+(\.\d+)? KB not met/);
    assert.match(report(measureBundle(dir, 100_000, 100_000)), /target 100 KB met/);
  });
});
