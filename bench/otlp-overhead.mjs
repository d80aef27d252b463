// Span export on vs off, in one run (issue 18): Switchboard instances alike but for
// SWITCHBOARD_OTLP_ENDPOINT (a loopback OTLP receiver), a bootstrap key, archive off. Interleaved
// rounds of 1-connection requests (the order rotates each round) give the p50 each adds over the
// direct upstream, then each process's CPU per request (deferred work and the queue consumer's
// export included). A second instance with export off is the control: the difference between
// the two identical "off" instances is what this machine calls noise, and export "adds no
// measurable latency" when on − off stays within it.
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

export async function measureOtlpOverhead({ rounds = 5, durationMs = 2000, cpuRequests = 150 } = {}) {
  const bundle = await buildBundle();
  const upstream = await startFakeUpstream({ port: 0 });
  const receiver = await startOtlpReceiver();
  const env = { ...fakeProviderEnv(upstream.url), SWITCHBOARD_CONFIG: JSON.stringify({ archive: { enabled: false } }) };
  const off = await withWorkerdPid(() => startSwitchboard(bundle.path, env));
  const control = await withWorkerdPid(() => startSwitchboard(bundle.path, env));
  const on = await withWorkerdPid(() => startSwitchboard(bundle.path, { ...env, SWITCHBOARD_OTLP_ENDPOINT: receiver.url }));
  try {
    const request = (url) => ({ url: `${url}/v1/chat/completions`, headers: { ...json, authorization: 'Bearer sb-dev-key-1' }, body });
    const direct = {
      url: `${upstream.url}/openai/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-fake-openai' },
      body,
    };
    const p50 = { direct: [], off: [], control: [], on: [] };
    const targets = { direct, off: request(off.url), control: request(control.url), on: request(on.url) };
    for (const name of ['on', 'off', 'control']) await runLoad({ request: targets[name], concurrency: 2, durationMs: 500 });
    const order = ['direct', 'off', 'control', 'on'];
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first, so no instance always follows the same neighbour.
      for (const name of [...order.slice(round % 4), ...order.slice(0, round % 4)]) {
        p50[name].push((await runLoad({ request: targets[name], concurrency: 1, durationMs })).p50);
      }
    }
    const cpuOff = await cpuPerRequest(off.pid, targets.off, cpuRequests);
    const cpuControl = await cpuPerRequest(control.pid, targets.control, cpuRequests);
    const cpuOn = await cpuPerRequest(on.pid, targets.on, cpuRequests);
    const spans = receiver.spans().length;
    const direct50 = median(p50.direct);
    const addedP50Ms = { off: median(p50.off) - direct50, control: median(p50.control) - direct50, on: median(p50.on) - direct50 };
    const cpuMsPerRequest = { off: cpuOff.cpuMsPerRequest, control: cpuControl.cpuMsPerRequest, on: cpuOn.cpuMsPerRequest };
    return {
      addedP50Ms,
      cpuMsPerRequest,
      /** What two identical instances differ by in this run: the smallest difference this run can call real. */
      noise: { p50Ms: Math.abs(addedP50Ms.control - addedP50Ms.off), cpuMs: Math.abs(cpuMsPerRequest.control - cpuMsPerRequest.off) },
      spansExported: spans,
    };
  } finally {
    await on.stop();
    await control.stop();
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
  console.log(`| export off (control, identical) | ${fmt(result.addedP50Ms.control)} | ${fmt(result.cpuMsPerRequest.control)} |`);
  console.log(`| export on | ${fmt(result.addedP50Ms.on)} | ${fmt(result.cpuMsPerRequest.on)} |`);
  const baseline = (result.addedP50Ms.off + result.addedP50Ms.control) / 2;
  const cpuBaseline = (result.cpuMsPerRequest.off + result.cpuMsPerRequest.control) / 2;
  console.log(
    `on − off: ${fmt(result.addedP50Ms.on - baseline)} ms p50, ${fmt(result.cpuMsPerRequest.on - cpuBaseline)} ms CPU; ` +
      `noise (off vs its identical control): ${fmt(result.noise.p50Ms)} ms p50, ${fmt(result.noise.cpuMs)} ms CPU`,
  );
  console.log(`spans received by the loopback collector: ${result.spansExported}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureOtlpOverhead();
  printOtlpOverhead(result, (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a'));
}
