// Span export on vs off, in one run (issue 18): two Switchboard instances alike but for
// SWITCHBOARD_OTLP_ENDPOINT (a loopback OTLP receiver), a bootstrap key, archive off. Interleaved
// rounds of 1-connection requests give the p50 each adds over the direct upstream, then each
// process's CPU per request (deferred work and the queue consumer's export included).
// `node bench/otlp-overhead.mjs`, or as part of `npm run bench`.
import { fakeProviderEnv } from '../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { startOtlpReceiver } from '../test/support/otlp-receiver.mjs';
import { runLoad } from './load.mjs';
import { cpuPerRequest, withWorkerdPid } from './process-cpu.mjs';
import { buildBundle, startSwitchboard } from './runtime.mjs';

const json = { 'content-type': 'application/json' };
const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }] });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureOtlpOverhead({ rounds = 3, durationMs = 2000, cpuRequests = 150 } = {}) {
  const bundle = buildBundle();
  const upstream = await startFakeUpstream({ port: 0 });
  const receiver = await startOtlpReceiver();
  const env = { ...fakeProviderEnv(upstream.url), SWITCHBOARD_CONFIG: JSON.stringify({ archive: { enabled: false } }) };
  const off = await withWorkerdPid(() => startSwitchboard(bundle.path, env));
  const on = await withWorkerdPid(() => startSwitchboard(bundle.path, { ...env, SWITCHBOARD_OTLP_ENDPOINT: receiver.url }));
  try {
    const request = (url) => ({ url: `${url}/v1/chat/completions`, headers: { ...json, authorization: 'Bearer sb-dev-key-1' }, body });
    const direct = {
      url: `${upstream.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body,
    };
    const p50 = { direct: [], off: [], on: [] };
    await runLoad({ request: request(on.url), concurrency: 2, durationMs: 500 });
    await runLoad({ request: request(off.url), concurrency: 2, durationMs: 500 });
    for (let round = 0; round < rounds; round++) {
      p50.direct.push((await runLoad({ request: direct, concurrency: 1, durationMs })).p50);
      p50.off.push((await runLoad({ request: request(off.url), concurrency: 1, durationMs })).p50);
      p50.on.push((await runLoad({ request: request(on.url), concurrency: 1, durationMs })).p50);
    }
    const cpuOff = await cpuPerRequest(off.pid, request(off.url), cpuRequests);
    const cpuOn = await cpuPerRequest(on.pid, request(on.url), cpuRequests);
    const spans = receiver.spans().length;
    const direct50 = median(p50.direct);
    return {
      addedP50Ms: { off: median(p50.off) - direct50, on: median(p50.on) - direct50 },
      cpuMsPerRequest: { off: cpuOff.cpuMsPerRequest, on: cpuOn.cpuMsPerRequest },
      spansExported: spans,
    };
  } finally {
    await on.stop();
    await off.stop();
    await receiver.close();
    await upstream.close();
  }
}

export function printOtlpOverhead(result, fmt) {
  console.log('## span export (OTLP) on vs off: bootstrap key, archive off, 1 connection');
  console.log('| | added p50 ms | workerd CPU ms / request |');
  console.log('| --- | ---: | ---: |');
  console.log(`| export off | ${fmt(result.addedP50Ms.off)} | ${fmt(result.cpuMsPerRequest.off)} |`);
  console.log(`| export on | ${fmt(result.addedP50Ms.on)} | ${fmt(result.cpuMsPerRequest.on)} |`);
  console.log(`spans received by the loopback collector: ${result.spansExported}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureOtlpOverhead();
  printOtlpOverhead(result, (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a'));
}
