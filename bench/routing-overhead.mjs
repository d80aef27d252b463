// `npm run bench:routing`: what the routing layer adds to one request on the happy path (the
// first target answers), measured in-process so network noise cannot hide it. It times the
// router's own work — plan the route, run the attempt loop (timers, breaker, record) — around
// an attempt that answers at once, against the pre-routing path (resolve one target, call it).
// The bar: under 0.2 ms p50.
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

const { outputFiles } = await build({
  stdin: {
    contents: `
      export { loadConfig } from './src/lib/config';
      export { targetFor } from './src/lib/chat-dispatch';
      export { planRoute } from './src/lib/routing/route-plan';
      export { runRoute } from './src/lib/routing/route-runner';
      export { CircuitBreakers } from './src/lib/routing/circuit-breaker';`,
    resolveDir: new URL('..', import.meta.url).pathname,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  write: false,
});
const routing = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);

const config = routing.loadConfig({
  OPENAI_API_KEY: 'sk-bench',
  DEEPSEEK_API_KEY: 'sk-bench',
  SWITCHBOARD_CONFIG: JSON.stringify({
    routes: {
      smart: {
        strategy: 'weighted-fallback',
        targets: [{ model: 'openai/gpt-4o', weight: 3, overrides: { max_tokens: 256 } }, { model: 'deepseek/deepseek-chat' }],
      },
    },
  }),
});
const result = { id: 'x', model: 'm', created: 0, choices: [], usage: { inputTokens: 1, outputTokens: 1 } };
const answer = async (_request, target) => ({ kind: 'result', result, target, attempts: 1 });
const deps = { attempt: answer, breakers: new routing.CircuitBreakers(), now: Date.now, random: Math.random, sleep: async () => {} };
const key = {};
const headers = new Headers();
const newRecord = () => ({ attempts: [] });

const paths = {
  'before routing: targetFor + call': (model) => answer({ model }, routing.targetFor(model, config)),
  'routing: planRoute + runRoute': (model) => {
    const request = { model, messages: [] };
    const plan = routing.planRoute(request, { config, key, headers });
    return routing.runRoute(request, plan, { record: newRecord() }, deps);
  },
};

async function timings(run, model, iterations) {
  const samples = new Float64Array(iterations);
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await run(model);
    samples[index] = performance.now() - started;
  }
  samples.sort();
  return { p50: samples[Math.floor(iterations / 2)], p99: samples[Math.floor(iterations * 0.99)] };
}

const iterations = 20_000;
console.log(`\nRouting layer, happy path, ${iterations} requests each (ms per request)\n`);
console.log('| model | path | p50 ms | p99 ms |');
console.log('| --- | --- | ---: | ---: |');
for (const model of ['openai/gpt-4o-mini', 'smart']) {
  const measured = {};
  for (const [name, run] of Object.entries(paths)) {
    if (model === 'smart' && name.startsWith('before')) continue; // no alias before routing
    await timings(run, model, 2_000); // warm-up (JIT)
    measured[name] = await timings(run, model, iterations);
    console.log(`| ${model} | ${name} | ${measured[name].p50.toFixed(4)} | ${measured[name].p99.toFixed(4)} |`);
  }
}
console.log('');
