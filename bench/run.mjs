// `npm run bench`: what a user pays for Switchboard, against the floor of this runtime, in one run.
//   direct        requests straight to the fake upstream
//   floor         a bare pass-through Worker (fetch only)
//   everything on Switchboard as a user runs it: an admin-created key with every limit on (far
//                 above the load) and the response cache on (every prompt distinct, so each
//                 request is a lookup that misses, then a fill), usage accounting, the archive
//   bootstrap     Switchboard with a bootstrap key (no limits, cache off) and the archive off
//   bindings only the floor plus the binding calls of an everything-on request and nothing else
//                 (bindings-worker.mjs): what Miniflare's local KV, Durable Object and Queues
//                 simulators cost in this process, which on Cloudflare are remote
// Rounds interleave the targets so a noisy neighbour hits all alike. Then, per configuration,
// workerd CPU and storage operations per request (user-cost.mjs; operations are counted by
// wrapping the bindings in the bench only, counting-entry.mjs), the cache, the routing layer and
// stream translation in-process, and the CPU per streamed response (gateway-cpu.mjs).
// Prints tables and writes bench/results/latest.json. Loopback only; bounded in time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ADMIN_TOKEN, fakeProviderEnv } from '../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { measureCache } from './cache.mjs';
import { measureGatewayCpu, printGatewayCpu } from './gateway-cpu.mjs';
import { runLoad } from './load.mjs';
import { measureOtlpOverhead, printOtlpOverhead } from './otlp-overhead.mjs';
import { withWorkerdPid } from './process-cpu.mjs';
import { measureRouting, printRouting } from './routing-overhead.mjs';
import { buildBundle, root, startBindingsOnly, startPassthrough, startSwitchboard } from './runtime.mjs';
import { measureStreamTranslation, printStreamTranslation } from './stream-translation.mjs';
import { measureUserCost, printUserCost } from './user-cost.mjs';

const { values: options } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '30' },
    'duration-ms': { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
  },
});
const concurrency = Number(options.concurrency);
const durationMs = Number(options['duration-ms']);
const rounds = Number(options.rounds);

const GATEWAY_KEY = 'sb-dev-key-1';
const ARCHIVE_OFF_CONFIG = JSON.stringify({ archive: { enabled: false } });
const chatBody = (model, stream = false) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Say hi' }] });
/** A distinct prompt per request (across the whole run), so a cache lookup always misses. */
let distinct = 0;
const distinctChatBody = (model, stream) => () =>
  JSON.stringify({ model, stream, messages: [{ role: 'user', content: `Say hi (${++distinct})` }] });
const json = { 'content-type': 'application/json' };

function merge(results) {
  // Median of the per-round figures: robust to one noisy round.
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    ttfbP50: median(results.map((r) => r.ttfbP50)),
  };
}

async function measure(targets, load) {
  const perTarget = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, request] of Object.entries(targets)) perTarget[name].push(await runLoad({ request, ...load }));
  }
  return Object.fromEntries(Object.entries(perTarget).map(([name, results]) => [name, merge(results)]));
}

/**
 * Everything on's CPU per request split three ways: the floor (receiving, forwarding, answering),
 * the local simulators (bindings only − floor: the same binding calls with no gateway around
 * them) and the rest, the gateway's own script on the request path, deferred and in the consumer.
 */
function attributeCpu(userCost) {
  const floorMs = userCost.floor.cpuMsPerRequest;
  const everythingOnMs = userCost['everything on'].cpuMsPerRequest;
  const simulatorsMs = userCost['bindings only'].cpuMsPerRequest - floorMs;
  const gatewayOwnMs = everythingOnMs - floorMs - simulatorsMs;
  // The bootstrap configuration's only binding work is its queue message and the consumer's batch.
  const bootstrapMs = userCost['bootstrap, archive off'].cpuMsPerRequest;
  const queueSimulatorMs = userCost['bindings only: queue'].cpuMsPerRequest - floorMs;
  const bootstrapOwnMs = bootstrapMs - floorMs - queueSimulatorMs;
  return {
    floorMs,
    everythingOnMs,
    simulatorsMs,
    gatewayOwnMs,
    withoutSimulatorsOfFloor: (floorMs + gatewayOwnMs) / floorMs,
    bootstrap: {
      bootstrapMs,
      queueSimulatorMs,
      gatewayOwnMs: bootstrapOwnMs,
      withoutSimulatorsOfFloor: (floorMs + bootstrapOwnMs) / floorMs,
    },
  };
}

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

// In-process figures first, while nothing else runs.
const routing = await measureRouting();
const streamTranslation = await measureStreamTranslation();

const bundle = await buildBundle();
const upstream = await startFakeUpstream({ port: 0 });
const passthrough = await withWorkerdPid(() => startPassthrough(upstream.url));
const bindingsOnly = await withWorkerdPid(() => startBindingsOnly(upstream.url));
/** One binding kind each, for the attribution rows of the per-request table. */
const bindingsOnlyOne = {};
for (const calls of ['do', 'kv', 'queue']) bindingsOnlyOne[calls] = await withWorkerdPid(() => startBindingsOnly(upstream.url, calls));
const switchboard = await withWorkerdPid(() => startSwitchboard(bundle.path, fakeProviderEnv(upstream.url)));
const switchboardNoArchive = await withWorkerdPid(() =>
  startSwitchboard(bundle.path, { ...fakeProviderEnv(upstream.url), SWITCHBOARD_CONFIG: ARCHIVE_OFF_CONFIG }),
);
/**
 * A key with every limit on but far above the load, so every request pays for admission and none
 * is refused, and with the response cache on.
 */
async function createLimitedKey({ cache = true } = {}) {
  const response = await fetch(`${switchboard.url}/admin/keys`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${DEV_ADMIN_TOKEN}` },
    body: JSON.stringify({
      name: 'bench-limits-on',
      limits: { requestsPerMinute: 1_000_000_000, tokensPerMinute: 1_000_000_000, maxConcurrent: 100_000, budgetUsd: 1_000_000_000 },
      ...(cache ? { cache: { mode: 'on' } } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`could not create the bench key: ${response.status} ${await response.text()}`);
  return (await response.json()).key;
}
const everythingOnKey = await createLimitedKey();
/** For the per-request table only: the same key without the cache, to attribute the cache's cost. */
const limitedNoCacheKey = await createLimitedKey({ cache: false });
const report = {
  date: new Date().toISOString(),
  runtime: 'miniflare (workerd) direct',
  concurrency,
  durationMs,
  rounds,
  sections: {},
  routing,
  streamTranslation,
};

try {
  const targets = (stream) => ({
    direct: {
      url: `${upstream.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body: chatBody('gpt-4o-mini', stream),
    },
    floor: {
      url: `${passthrough.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body: chatBody('gpt-4o-mini', stream),
    },
    'everything on': {
      url: `${switchboard.url}/v1/chat/completions`,
      headers: { ...json, authorization: `Bearer ${everythingOnKey}` },
      body: distinctChatBody('openai/gpt-4o-mini', stream),
    },
    'bootstrap, archive off': {
      url: `${switchboardNoArchive.url}/v1/chat/completions`,
      headers: { ...json, authorization: `Bearer ${GATEWAY_KEY}` },
      body: chatBody('openai/gpt-4o-mini', stream),
    },
    'bindings only': {
      url: `${bindingsOnly.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body: chatBody('gpt-4o-mini', stream),
    },
  });
  // Warm-up: JIT, isolate start, Durable Object creation.
  await measure(targets(false), { concurrency: 4, durationMs: 500 });

  for (const [section, stream, load] of [
    [`non-stream, ${concurrency} connections`, false, { concurrency, durationMs }],
    ['non-stream, 1 connection', false, { concurrency: 1, durationMs }],
    ['stream, 1 connection', true, { concurrency: 1, durationMs }],
  ]) {
    const results = await measure(targets(stream), load);
    const added = (name) => results[name].p50 - results.direct.p50;
    results.addedP50Ms = { floor: added('floor'), everythingOn: added('everything on'), bootstrap: added('bootstrap, archive off') };
    results.ofFloor = {
      rps: {
        everythingOn: results['everything on'].rps / results.floor.rps,
        bootstrap: results['bootstrap, archive off'].rps / results.floor.rps,
        bindingsOnly: results['bindings only'].rps / results.floor.rps,
      },
      addedP50: {
        everythingOn: results.addedP50Ms.everythingOn / results.addedP50Ms.floor,
        bootstrap: results.addedP50Ms.bootstrap / results.addedP50Ms.floor,
      },
      ttfbP50Ms: {
        everythingOn: results['everything on'].ttfbP50 - results.floor.ttfbP50,
        bootstrap: results['bootstrap, archive off'].ttfbP50 - results.floor.ttfbP50,
      },
    };
    report.sections[section] = results;
  }
  report.cache = await measureCache({
    switchboardUrl: switchboard.url,
    gatewayKey: GATEWAY_KEY,
    setUpstreamLatency: (ms) => upstream.setLatencyMs(ms),
    measure,
    concurrency: 1,
    durationMs,
  });
  const nonStream = targets(false);
  report.userCost = await measureUserCost({
    floor: { pid: passthrough.pid, request: nonStream.floor },
    'everything on': { pid: switchboard.pid, request: nonStream['everything on'], countsUrl: switchboard.url },
    'bootstrap, archive off': {
      pid: switchboardNoArchive.pid,
      request: nonStream['bootstrap, archive off'],
      countsUrl: switchboardNoArchive.url,
    },
    // Attribution rows: everything on without the response cache, and a bootstrap key with the archive on.
    'limited key, archive, no cache': {
      pid: switchboard.pid,
      request: { ...nonStream['everything on'], headers: { ...json, authorization: `Bearer ${limitedNoCacheKey}` } },
      countsUrl: switchboard.url,
    },
    'bootstrap, archive on': {
      pid: switchboard.pid,
      request: { ...nonStream['bootstrap, archive off'], url: `${switchboard.url}/v1/chat/completions` },
      countsUrl: switchboard.url,
    },
    // The local simulators alone: the floor plus everything on's binding calls, then one kind each.
    'bindings only': { pid: bindingsOnly.pid, request: nonStream['bindings only'] },
    ...Object.fromEntries(
      Object.entries(bindingsOnlyOne).map(([calls, worker]) => [
        `bindings only: ${calls}`,
        { pid: worker.pid, request: { ...nonStream['bindings only'], url: `${worker.url}/openai/v1/chat/completions` } },
      ]),
    ),
  });
  report.gatewayCpu = await measureGatewayCpu({ passthrough, switchboard, gatewayKey: GATEWAY_KEY });
  report.bundle = { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes };
} finally {
  await switchboardNoArchive.stop();
  await switchboard.stop();
  await passthrough.stop();
  await bindingsOnly.stop();
  for (const worker of Object.values(bindingsOnlyOne)) await worker.stop();
  await upstream.close();
}
// Span export on vs off (OpenTelemetry), its own pair of gateways after the main run.
report.otlp = await measureOtlpOverhead({ rounds, durationMs: Math.min(durationMs, 2000) });

console.log(`\nSwitchboard benchmark — ${report.runtime}, ${rounds} interleaved rounds of ${durationMs} ms, medians\n`);
const pct = (ratio) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(0)}%` : 'n/a');
for (const [section, results] of Object.entries(report.sections)) {
  console.log(`## ${section}`);
  console.log('| target | req/s | p50 ms | p99 ms | first byte p50 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const name of ['direct', 'floor', 'everything on', 'bootstrap, archive off', 'bindings only']) {
    const r = results[name];
    console.log(`| ${name} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.ttfbP50)} | ${r.errors} |`);
  }
  const { rps, addedP50, ttfbP50Ms } = results.ofFloor;
  console.log(
    `of the floor: req/s everything on ${pct(rps.everythingOn)}, bootstrap ${pct(rps.bootstrap)}, bindings only ${pct(rps.bindingsOnly)}; added p50 (over direct) floor ${fmt(results.addedP50Ms.floor)} ms, everything on ${fmt(addedP50.everythingOn, 1)}×, bootstrap ${fmt(addedP50.bootstrap, 1)}×; first byte vs floor +${fmt(ttfbP50Ms.everythingOn)} / +${fmt(ttfbP50Ms.bootstrap)} ms\n`,
  );
}
printUserCost(report.userCost, fmt);
{
  const floorCpu = report.userCost.floor.cpuMsPerRequest;
  const ratio = (name) => fmt(report.userCost[name].cpuMsPerRequest / floorCpu, 1);
  console.log(
    `CPU per request vs the floor: everything on ${ratio('everything on')}×, bootstrap, archive off ${ratio('bootstrap, archive off')}×, bindings only ${ratio('bindings only')}×`,
  );
  report.attribution = attributeCpu(report.userCost);
  const a = report.attribution;
  console.log(
    `everything on ${fmt(a.everythingOnMs)} ms = floor ${fmt(a.floorMs)} + local simulators ${fmt(a.simulatorsMs)} (bindings only − floor; remote on Cloudflare) + the gateway's own ${fmt(a.gatewayOwnMs)} ms; the gateway's own plus the floor is ${fmt(a.withoutSimulatorsOfFloor, 1)}× the floor`,
  );
  const b = a.bootstrap;
  console.log(
    `bootstrap, archive off ${fmt(b.bootstrapMs)} ms = floor ${fmt(a.floorMs)} + the queue simulator ${fmt(b.queueSimulatorMs)} (bindings only: queue − floor) + the gateway's own ${fmt(b.gatewayOwnMs)} ms; the gateway's own plus the floor is ${fmt(b.withoutSimulatorsOfFloor, 1)}× the floor\n`,
  );
}
{
  const { miss, hit, speedupP50, upstreamLatencyMs } = report.cache;
  console.log(`## cache, 1 connection, upstream latency ${upstreamLatencyMs} ms`);
  console.log('| path | req/s | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of [
    ['MISS (bypass)', miss],
    ['HIT', hit],
  ]) {
    console.log(`| ${name} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} |`);
  }
  console.log(`HIT is ${fmt(speedupP50, 1)}× faster than MISS at p50 (target ≥ 5×)\n`);
}
printRouting(report.routing);
printStreamTranslation(report.streamTranslation);
printGatewayCpu(report.gatewayCpu);
printOtlpOverhead(report.otlp, fmt);
console.log(`bundle: ${(report.bundle.bytes / 1024).toFixed(1)} KiB, ${(report.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip\n`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
