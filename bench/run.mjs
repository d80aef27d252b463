// `npm run bench`: Switchboard's overhead against the floor of this runtime, measured in one run.
//   (a) requests straight to the fake upstream
//   (b) through a bare pass-through Worker (fetch only) — the floor
//   (c) through Switchboard with a bootstrap key (no limits: admission skips the KeyLimiter)
//   (d) through Switchboard with an admin-created key whose limits are on (one KeyLimiter
//       round trip to admit, one deferred to settle); (d) − (c) is the cost of admission
//   (c) is the same-dialect lane (chat completions → OpenAI: bytes forwarded); the stream
//   section adds `switchboard-translated` (/v1/messages → OpenAI: decoded and re-encoded)
// Rounds interleave a, b, c so a noisy neighbour hits all three alike. Then: the routing layer
// and stream translation in-process (routing-overhead.mjs, stream-translation.mjs), the
// workerd CPU per streamed response (gateway-cpu.mjs) and archive on vs off (archive-overhead.mjs).
// Prints tables and writes bench/results/latest.json. Loopback only; bounded in time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ADMIN_TOKEN, fakeProviderEnv } from '../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { ARCHIVE_OFF_CONFIG, measureArchiveOverhead, printArchiveOverhead } from './archive-overhead.mjs';
import { measureCache } from './cache.mjs';
import { measureGatewayCpu, printGatewayCpu } from './gateway-cpu.mjs';
import { runLoad } from './load.mjs';
import { withWorkerdPid } from './process-cpu.mjs';
import { measureRouting, printRouting } from './routing-overhead.mjs';
import { buildBundle, root, startPassthrough, startSwitchboard } from './runtime.mjs';
import { measureStreamTranslation, printStreamTranslation } from './stream-translation.mjs';

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
const chatBody = (model, stream = false) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Say hi' }] });
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

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

// In-process figures first, while nothing else runs.
const routing = await measureRouting();
const streamTranslation = await measureStreamTranslation();

const bundle = buildBundle();
const upstream = await startFakeUpstream({ port: 0 });
const passthrough = await withWorkerdPid(() => startPassthrough(upstream.url));
const switchboard = await withWorkerdPid(() => startSwitchboard(bundle.path, fakeProviderEnv(upstream.url)));
const switchboardNoArchive = await withWorkerdPid(() =>
  startSwitchboard(bundle.path, { ...fakeProviderEnv(upstream.url), SWITCHBOARD_CONFIG: ARCHIVE_OFF_CONFIG }),
);
/** A key with every limit on but far above the load, so every request pays for admission and none is refused. */
async function createLimitedKey() {
  const response = await fetch(`${switchboard.url}/admin/keys`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${DEV_ADMIN_TOKEN}` },
    body: JSON.stringify({
      name: 'bench-limits-on',
      limits: { requestsPerMinute: 1_000_000_000, tokensPerMinute: 1_000_000_000, maxConcurrent: 100_000, budgetUsd: 1_000_000_000 },
    }),
  });
  if (response.status !== 201) throw new Error(`could not create the bench key: ${response.status} ${await response.text()}`);
  return (await response.json()).key;
}
const limitedKey = await createLimitedKey();
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
    passthrough: {
      url: `${passthrough.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body: chatBody('gpt-4o-mini', stream),
    },
    switchboard: {
      url: `${switchboard.url}/v1/chat/completions`,
      headers: { ...json, authorization: `Bearer ${GATEWAY_KEY}` },
      body: chatBody('openai/gpt-4o-mini', stream),
    },
    'switchboard-limits': {
      url: `${switchboard.url}/v1/chat/completions`,
      headers: { ...json, authorization: `Bearer ${limitedKey}` },
      body: chatBody('openai/gpt-4o-mini', stream),
    },
    // The response path alone: Miniflare runs R2 in this process, so local archive writes cost
    // CPU here that on Cloudflare is a network call after the response (see the archive section).
    'switchboard-no-archive': {
      url: `${switchboardNoArchive.url}/v1/chat/completions`,
      headers: { ...json, authorization: `Bearer ${GATEWAY_KEY}` },
      body: chatBody('openai/gpt-4o-mini', stream),
    },
    // Streams only: the same OpenAI upstream through /v1/messages, so translated (decoded and
    // re-encoded as Anthropic events) where `switchboard` above is the same-dialect lane.
    ...(stream && {
      'switchboard-translated': {
        url: `${switchboard.url}/v1/messages`,
        headers: { ...json, 'x-api-key': GATEWAY_KEY },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 256, stream, messages: [{ role: 'user', content: 'Say hi' }] }),
      },
    }),
  });
  // Warm-up: JIT, isolate start, Durable Object creation.
  await measure(targets(false), { concurrency: 4, durationMs: 500 });

  for (const [section, stream, load] of [
    [`non-stream, ${concurrency} connections`, false, { concurrency, durationMs }],
    ['non-stream, 1 connection', false, { concurrency: 1, durationMs }],
    ['stream, 1 connection', true, { concurrency: 1, durationMs }],
  ]) {
    const results = await measure(targets(stream), load);
    const { direct: a, passthrough: b, switchboard: c, 'switchboard-limits': d, 'switchboard-no-archive': e } = results;
    results.overheadRatioP50 = (c.p50 - a.p50) / (b.p50 - a.p50);
    results.responsePathRatioP50 = (e.p50 - a.p50) / (b.p50 - a.p50);
    results.addedP50Ms = { passthrough: b.p50 - a.p50, switchboard: c.p50 - a.p50, responsePath: e.p50 - a.p50, admission: d.p50 - c.p50 };
    if (results['switchboard-translated']) results.addedP50Ms.translated = results['switchboard-translated'].p50 - a.p50;
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
  report.gatewayCpu = await measureGatewayCpu({ passthrough, switchboard, switchboardNoArchive, gatewayKey: GATEWAY_KEY });
  report.archive = await measureArchiveOverhead({
    archiveOn: switchboard,
    archiveOff: switchboardNoArchive,
    gatewayKey: GATEWAY_KEY,
    measure,
    durationMs,
  });
  report.bundle = { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes };
} finally {
  await switchboardNoArchive.stop();
  await switchboard.stop();
  await passthrough.stop();
  await upstream.close();
}

console.log(`\nSwitchboard benchmark — ${report.runtime}, ${rounds} interleaved rounds of ${durationMs} ms, medians\n`);
for (const [section, results] of Object.entries(report.sections)) {
  console.log(`## ${section}`);
  console.log('| target | req/s | p50 ms | p99 ms | first byte p50 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const name of ['direct', 'passthrough', 'switchboard', 'switchboard-no-archive', 'switchboard-limits', 'switchboard-translated']) {
    const r = results[name];
    if (!r) continue;
    console.log(`| ${name} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.ttfbP50)} | ${r.errors} |`);
  }
  console.log(
    `added p50: pass-through ${fmt(results.addedP50Ms.passthrough)} ms, Switchboard ${fmt(results.addedP50Ms.switchboard)} ms → overhead ratio (c−a)/(b−a) = ${fmt(results.overheadRatioP50)}`,
  );
  console.log(`response path (archive off): added ${fmt(results.addedP50Ms.responsePath)} ms → ratio ${fmt(results.responsePathRatioP50)}`);
  if (results.addedP50Ms.translated !== undefined) {
    console.log(
      `same-dialect (switchboard) added ${fmt(results.addedP50Ms.switchboard)} ms p50, translated (/v1/messages → openai) added ${fmt(results.addedP50Ms.translated)} ms`,
    );
  }
  console.log(`admission with limits on vs off (d−c): ${fmt(results.addedP50Ms.admission)} ms p50\n`);
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
printArchiveOverhead(report.archive, fmt);
console.log(`bundle: ${(report.bundle.bytes / 1024).toFixed(1)} KiB, ${(report.bundle.gzipBytes / 1024).toFixed(1)} KiB gzip\n`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
