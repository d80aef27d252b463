// Routing overhead: what the routing layer adds to one request on the happy path (the first
// target answers), measured in-process so network noise cannot hide it. It times the router's
// own work — plan the route, run the attempt loop (timers, breaker, record) — around an
// attempt that answers at once, against the pre-routing path (resolve one target, call it).
// The bar: under 0.2 ms p50. `npm run bench:routing` runs it alone; `npm run bench`
// includes its figures.

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { importGatewayModules } from './typescript.mjs';

export const ROUTING_TARGET_P50_MS = 0.2;

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

/** Rows `{ model, path, p50, p99 }` in ms per request. */
export async function measureRouting({ iterations = 20_000 } = {}) {
  const routing = await importGatewayModules({
    'src/lib/config': ['loadConfig'],
    'src/lib/pipeline/chat-dispatch': ['targetFor'],
    'src/lib/routing/route-plan': ['planRoute'],
    'src/lib/routing/route-runner': ['runRoute'],
    'src/lib/routing/circuit-breaker': ['CircuitBreakers'],
  });
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
  const rows = [];
  for (const model of ['openai/gpt-4o-mini', 'smart']) {
    for (const [path, run] of Object.entries(paths)) {
      if (model === 'smart' && path.startsWith('before')) continue; // no alias before routing
      await timings(run, model, 2_000); // warm-up (JIT)
      rows.push({ model, path, ...(await timings(run, model, iterations)) });
    }
  }
  return { iterations, targetP50Ms: ROUTING_TARGET_P50_MS, rows };
}

export function printRouting({ iterations, targetP50Ms, rows }) {
  console.log(`## routing layer, happy path, in-process, ${iterations} requests each (target < ${targetP50Ms} ms p50)`);
  console.log('| model | path | p50 ms | p99 ms |');
  console.log('| --- | --- | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.model} | ${row.path} | ${row.p50.toFixed(4)} | ${row.p99.toFixed(4)} |`);
  console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('');
  printRouting(await measureRouting());
}
