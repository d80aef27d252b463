// The README's weighted-routing example says how often each target is drawn first; this checks
// the claim against the gateway's own selection code (a target without a weight counts as 1).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGatewayModules } from '../../bench/typescript.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

it('README: "smart" draws OpenAI three times in five, the other two one time in five each', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /\*\*Routing\*\*[^`]*```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
  assert.ok(block, 'the README routing example');
  assert.match(readme, /draws OpenAI three times in five/);
  const { orderTargets, seededRandom } = await importGatewayModules({
    'src/lib/routing/route-selection': ['orderTargets', 'seededRandom'],
  });
  const targets = JSON.parse(block).routes.smart.targets.map((target) => ({ model: target.model, weight: target.weight ?? 1 }));
  const random = seededRandom(16);
  const draws = 50_000;
  const first = new Map();
  for (let index = 0; index < draws; index++) {
    const [chosen] = orderTargets('weighted-fallback', targets, random);
    first.set(chosen.model, (first.get(chosen.model) ?? 0) + 1);
  }
  const share = (model) => (first.get(model) ?? 0) / draws;
  assert.ok(Math.abs(share('openai/gpt-4o') - 3 / 5) < 0.01, `openai ${share('openai/gpt-4o')}`);
  assert.ok(Math.abs(share('anthropic/claude-sonnet-4-5') - 1 / 5) < 0.01, `anthropic ${share('anthropic/claude-sonnet-4-5')}`);
  assert.ok(Math.abs(share('deepseek/deepseek-chat') - 1 / 5) < 0.01, `deepseek ${share('deepseek/deepseek-chat')}`);
});
