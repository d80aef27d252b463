// The bundle budget check (scripts/check-bundle.mjs) measures every uploaded module of a wrangler
// output directory, leaves source maps out, and says over when the gzip total passes the budget.
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
  it('sums the gzip size of every module, additional modules included, and leaves maps out', () => {
    const measured = measureBundle(dir);
    assert.deepEqual(measured.modules.map((module) => module.name).sort(), [join('chunks', 'prices.js'), 'index.js']);
    assert.equal(measured.bytes, 50_000);
    assert.equal(measured.gzip, gzipSync(main).length + gzipSync(extra).length);
  });

  it('is over the budget when the gzip total passes it, within it otherwise', () => {
    const { gzip } = measureBundle(dir);
    assert.equal(measureBundle(dir, gzip).ok, true);
    const over = measureBundle(dir, gzip - 1);
    assert.equal(over.ok, false);
    assert.match(report(over), /OVER the \d+(\.\d+)? KB budget/);
    assert.match(report(measureBundle(dir, 100_000)), /within the 100 KB budget/);
  });
});
