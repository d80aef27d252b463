// Every SWITCHBOARD_CONFIG sample in the repository is valid under the gateway's own schema:
// the JSON blocks of README.md and docs/*.md that are configs, and the SWITCHBOARD_CONFIG
// lines of .dev.vars.example (commented out or not). A sample the docs show must work.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkConfigText, configKeys } from '../../scripts/config-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const keys = new Set(await configKeys());

/** ```json blocks that are configs: a top-level config key, or SWITCHBOARD_CONFIG named just above. */
function jsonSamples(markdown, file) {
  const samples = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (!/^```jsonc?\s*$/.test(lines[index])) continue;
    const end = lines.indexOf('```', index + 1);
    const text = lines.slice(index + 1, end).join('\n');
    const before = lines.slice(Math.max(0, index - 3), index).join('\n');
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const looksLikeConfig = parsed && typeof parsed === 'object' && Object.keys(parsed).some((key) => keys.has(key));
    if (looksLikeConfig || /SWITCHBOARD_CONFIG\s*`?\s*:?\s*$/.test(before)) samples.push({ where: `${file}:${index + 1}`, text });
    index = end;
  }
  return samples;
}

function devVarsSamples() {
  const file = '.dev.vars.example';
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
    .filter(({ line }) => /^#?\s*SWITCHBOARD_CONFIG=/.test(line))
    .map(({ line, where }) => ({ where, text: line.replace(/^#?\s*SWITCHBOARD_CONFIG=/, '') }));
}

const markdownFiles = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const samples = [...markdownFiles.flatMap((file) => jsonSamples(readFileSync(join(root, file), 'utf8'), file)), ...devVarsSamples()];

describe('SWITCHBOARD_CONFIG samples', () => {
  it('finds the samples (README routing and providers, docs/routing.md, docs/usage-and-logs.md, .dev.vars.example)', () => {
    const places = new Set(samples.map((sample) => sample.where.split(':')[0]));
    for (const file of ['README.md', 'docs/routing.md', 'docs/usage-and-logs.md', '.dev.vars.example']) assert.ok(places.has(file), file);
    assert.ok(samples.length >= 5, `only ${samples.length} samples found`);
  });

  for (const sample of samples) {
    it(`${sample.where} is valid`, async () => {
      assert.equal(await checkConfigText(sample.text), null);
    });
  }

  it('would catch an invalid one, naming the field', async () => {
    assert.deepEqual(await checkConfigText('{"aliases":{"smart":{"targets":["openai/gpt-4o-mini"]}}}'), {
      field: 'SWITCHBOARD_CONFIG.aliases',
      message: 'SWITCHBOARD_CONFIG.aliases: Unrecognized key: "aliases"',
    });
    const [found] = jsonSamples('Set `SWITCHBOARD_CONFIG`:\n\n```json\n{ "aliases": {} }\n```\n', 'inline.md');
    assert.equal(found?.text, '{ "aliases": {} }');
    assert.notEqual(await checkConfigText(found.text), null);
  });
});
