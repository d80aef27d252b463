// A node:test reporter for `npm test`: one summary line when everything passes; each failure in
// full (name, file, error) when something does. `DEBUG=1` uses node's spec reporter instead.
import { inspect } from 'node:util';

export default async function* summaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const output = [];
  const started = Date.now();
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:stdout' || type === 'test:stderr') output.push(data.message);
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (data.details?.type === 'suite') continue;
    if (data.skip || data.todo) counts.skipped++;
    else if (type === 'test:pass') counts.passed++;
    else {
      counts.failed++;
      failures.push(data);
    }
  }
  for (const failure of failures) {
    const error = failure.details?.error;
    yield `\n✗ ${failure.name}  (${failure.file ?? 'unknown file'})\n${inspect(error?.cause ?? error, { depth: 4 })}\n`;
  }
  if (failures.length && output.length) yield `\n--- test output ---\n${output.join('')}`;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  yield `node:test  ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${seconds} s)\n`;
}
