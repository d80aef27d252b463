// The dashboard's money and count wording (public/static/format.js is a plain ES module).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plural, shortHour, usd } from '../../public/static/format.js';

describe('dashboard formatting', () => {
  it('shows money as money: cents, fractions of a cent to two significant digits, never exponents or float noise', () => {
    const cases = [
      [0, '$0.00'],
      [5, '$5.00'],
      [1234.5, '$1,234.50'],
      [0.1 + 0.2, '$0.30'],
      [0.0042, '$0.0042'],
      [0.005, '$0.005'],
      [0.0000135, '$0.000013'],
      [1.2e-7, '$0.00000012'],
      [null, '—'],
    ];
    for (const [value, shown] of cases) assert.equal(usd(value), shown, String(value));
  });

  it('says "1 chunk" and "2 chunks"', () => {
    assert.equal(plural(1, 'chunk'), '1 chunk');
    assert.equal(plural(2, 'chunk'), '2 chunks');
    assert.equal(plural(0, 'byte'), '0 bytes');
  });

  it('labels hours as 14:00, and midnight with its day', () => {
    assert.equal(shortHour('2026-11-30T14:00Z'), '14:00');
    assert.equal(shortHour('2026-11-30T00:00Z'), 'Nov 30');
  });
});
