// The node:test files of `npm test` (fake upstream, scripts, dashboard formatting), with a one-line
// summary when they pass (test/support/summary-reporter.mjs); `DEBUG=1` shows node's spec reporter.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = ['test/fake-upstream', 'test/scripts'].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.mjs'))
    .map((name) => `${dir}/${name}`),
);
const reporter = process.env.DEBUG ? 'spec' : './test/support/summary-reporter.mjs';
const { status } = spawnSync(process.execPath, ['--test', `--test-reporter=${reporter}`, ...files], { stdio: 'inherit' });
process.exit(status ?? 1);
