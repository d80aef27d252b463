// `node bench/profile.mjs [--config everything-on|bootstrap] [--requests 2000]`: a CPU profile of
// the gateway's isolate under load, through workerd's inspector (Miniflare `inspectorPort`), and
// the self time summed per source: the gateway bundle's functions (by name) against the runtime's
// own (binding simulators, streams, (program)/(garbage collector)). Prints the top entries and
// writes bench/results/profile.cpuprofile (open it in Chrome DevTools).
//
// It also splits the isolate's busy time by phase, from each sample's stack: the gateway's
// Durable Objects (they run in this isolate; on Cloudflare elsewhere), the queue consumer, the
// deferred work (under ctx.waitUntil), the request path, the binding calls (under the bench's
// counting wrapper), and the runtime with no gateway frame on the stack. Native API functions
// (headers, bodies, JSON) have no frames: their time is the calling function's self time. KV, R2 and Queues simulators are
// Workers of their own in the same workerd process: they are not in this profile, but in the
// process's CPU (read from /proc over the same window), so the difference is theirs and the
// runtime's I/O.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ADMIN_TOKEN, fakeProviderEnv, freePort } from '../scripts/local-gateway.mjs';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { runLoad } from './load.mjs';
import { processCpuMs, withWorkerdPid } from './process-cpu.mjs';
import { buildBundle, root, startSwitchboard } from './runtime.mjs';

const { values: options } = parseArgs({
  options: { config: { type: 'string', default: 'everything-on' }, requests: { type: 'string', default: '2000' } },
});

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function connect(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const target = targets.find((entry) => !entry.url?.includes('internal')) ?? targets[0];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close(), target: target.title ?? target.url };
}

/**
 * Source file of each line of each module of the unminified build (the entry and its chunks), from
 * esbuild's `// src/…` section comments, by module file name (what a profile frame's url ends with).
 */
function bundleSources(entryPath) {
  const byModule = new Map();
  for (const name of readdirSync(dirname(entryPath)).filter((file) => file.endsWith('.js'))) {
    const sources = [];
    let current = '(bundle)';
    for (const line of readFileSync(join(dirname(entryPath), name), 'utf8').split('\n')) {
      const section = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
      if (section) current = section[1];
      sources.push(current);
    }
    byModule.set(name, sources);
  }
  return byModule;
}

/** The gateway's source file of a frame, or undefined when the frame is not in the gateway's build. */
function sourceOf(frame, sources) {
  return sources.get(frame.url.split('/').at(-1))?.[frame.lineNumber];
}

/**
 * Source files whose code runs only in one phase. A sample resumed after an `await` has only the
 * resumed function and its callees on its stack, so the phase is read from any frame's file
 * (or, for the cache store shared by lookup and fill, the fill's function name).
 */
const CONSUMER_SOURCES = [
  'src/lib/usage/consumer.ts',
  'src/lib/archive/batch-writer.ts',
  'src/lib/archive/batch-frames.ts',
  'src/lib/archive/archive-index.ts',
  'src/lib/archive/codec.ts',
  'src/lib/usage/event-fit.ts',
  'src/lib/telemetry/span-export.ts',
  'src/lib/telemetry/otlp-exporter.ts',
];
const DEFERRED_SOURCES = [
  'src/lib/pipeline/after-response.ts',
  'src/lib/usage/producer.ts',
  'src/lib/archive/attachment.ts',
  'src/lib/archive/record.ts',
  'src/lib/archive/record-timings.ts',
  'src/lib/archive/write.ts',
  'src/lib/cache/settle.ts',
  'src/lib/cache/stats.ts',
  'src/lib/pipeline/request-log.ts',
  'src/lib/limits/settlement-batch.ts',
  'src/lib/telemetry/request-spans.ts',
];
const DEFERRED_FUNCTIONS = new Set(['writeEntry', 'afterResponse', 'buildUsageEvent']);

/**
 * The phase a sample belongs to, from its stack (leaf first): Durable Object code wins (it runs
 * here only because Miniflare is local), then the consumer, deferred work, the request path.
 */
function phaseOf(stack, sources) {
  // The leaf is the bench's binding wrapper: the runtime's native API functions are not frames of
  // their own, so this is mostly the binding call itself (serializing the message or RPC
  // arguments); the wrapper adds no measurable process CPU (counting on vs off, same bundle).
  if (stack[0]?.url.includes('counting-entry')) return 'binding calls (native), under the bench counting wrapper';
  let phase = null;
  for (const frame of stack) {
    const source = sourceOf(frame, sources);
    if (source === undefined) continue;
    if (source.startsWith('src/durable-objects/')) return 'Durable Objects (local; remote on Cloudflare)';
    if (frame.functionName === 'consumeQueue' || CONSUMER_SOURCES.includes(source)) return 'queue consumer';
    if (DEFERRED_FUNCTIONS.has(frame.functionName) || DEFERRED_SOURCES.includes(source)) phase = 'deferred (waitUntil)';
    phase ??= 'request path';
  }

  if (phase) return phase;
  const leaf = stack[0]?.functionName;
  return leaf === '(idle)' ? '(idle)' : `runtime, no gateway frame: ${leaf || '(native)'}`;
}

const frameName = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'}${url ? ` ${url.split('/').at(-1)}:${lineNumber + 1}` : ''}`;

/** Self time per source and per function, and inclusive time (once per sample) per gateway function. */
function summarize(profile, sources) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map();
  const inclusive = new Map();
  const bySource = new Map();
  const byPhase = new Map();
  const selfByPhase = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const { callFrame } = byId.get(id);
    const source = callFrame.url
      ? sourceOf(callFrame, sources) !== undefined
        ? 'gateway bundle'
        : callFrame.url
      : callFrame.functionName || '(native)';
    bySource.set(source, (bySource.get(source) ?? 0) + micros);
    const stack = [];
    for (let at = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at).callFrame);
    const phase = phaseOf(stack, sources);
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + micros);
    if (!selfByPhase.has(phase)) selfByPhase.set(phase, new Map());
    const selfOfPhase = selfByPhase.get(phase);
    selfOfPhase.set(frameName(callFrame), (selfOfPhase.get(frameName(callFrame)) ?? 0) + micros);
    self.set(frameName(callFrame), (self.get(frameName(callFrame)) ?? 0) + micros);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at).callFrame;
      if (sourceOf(frame, sources) === undefined) continue;
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  });
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const topByPhase = [...selfByPhase].map(([phase, map]) => [phase, top(map, 8)]);
  return {
    total,
    byPhase: top(byPhase, 12),
    topByPhase,
    bySource: top(bySource, 12),
    byFunction: top(self, 30),
    inclusive: top(inclusive, 60),
  };
}

const bundle = await buildBundle({ outdir: 'dist/profile', minify: false });
const upstream = await startFakeUpstream({ port: 0 });
const inspectorPort = await freePort();
const everythingOn = options.config === 'everything-on';
const archiveOn = options.config !== 'bootstrap';
const gateway = await withWorkerdPid(() =>
  startSwitchboard(
    bundle.path,
    { ...fakeProviderEnv(upstream.url), ...(archiveOn ? {} : { SWITCHBOARD_CONFIG: JSON.stringify({ archive: { enabled: false } }) }) },
    { inspectorPort },
  ),
);
try {
  let key = 'sb-dev-key-1';
  if (everythingOn) {
    const response = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_ADMIN_TOKEN}` },
      body: JSON.stringify({
        name: 'profile',
        limits: { requestsPerMinute: 1e9, tokensPerMinute: 1e9, maxConcurrent: 1e5, budgetUsd: 1e9 },
        cache: { mode: 'on' },
      }),
    });
    key = (await response.json()).key;
  }
  let n = 0;
  const request = {
    url: `${gateway.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: () => JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `Say hi (${++n})` }] }),
  };
  await runLoad({ request, concurrency: 4, durationMs: 2000, maxRequests: 300 });
  const inspector = await connect(inspectorPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 250 });
  await inspector.send('Profiler.start');
  const cpuBefore = gateway.pid === undefined ? Number.NaN : processCpuMs(gateway.pid);
  const load = await runLoad({ request, concurrency: 1, durationMs: 60_000, maxRequests: Number(options.requests) });
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the queue consumer's batch window
  const cpuAfter = gateway.pid === undefined ? Number.NaN : processCpuMs(gateway.pid);
  const { result } = await inspector.send('Profiler.stop');
  inspector.close();
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/profile.cpuprofile'), JSON.stringify(result.profile));
  const { total, byPhase, topByPhase, bySource, byFunction, inclusive } = summarize(result.profile, bundleSources(bundle.path));
  const perRequest = (micros) => `${(micros / 1000 / load.requests).toFixed(3)} ms/request`;
  console.log(`${options.config}: ${load.requests} requests, ${load.errors} errors; sampled ${perRequest(total)} (idle included)`);
  const busy = total - (byPhase.find(([phase]) => phase === '(idle)')?.[1] ?? 0);
  console.log(
    `workerd process CPU (OS, profiler running) ${perRequest((cpuAfter - cpuBefore) * 1000)}; the gateway's isolate busy ${perRequest(busy)}; the rest is the other isolates (KV, R2, Queues simulators) and the runtime's I/O threads`,
  );
  console.log("the isolate by phase (from each sample's stack):");
  for (const [phase, micros] of byPhase) {
    const share = phase === '(idle)' ? '' : ` (${((micros / busy) * 100).toFixed(0)}% of busy)`;
    console.log(`  ${phase.padEnd(50)} ${perRequest(micros)}${share}`);
  }
  for (const [phase, functions] of topByPhase) {
    if (phase === '(idle)' || phase.startsWith('runtime')) continue;
    console.log(`  ${phase}, top self time: ${functions.map(([name, micros]) => `${name} ${perRequest(micros)}`).join('; ')}`);
  }
  console.log('by source (self time):');
  for (const [source, micros] of bySource) console.log(`  ${source.padEnd(40)} ${perRequest(micros)}`);
  console.log('top functions (self time):');
  for (const [name, micros] of byFunction) console.log(`  ${perRequest(micros).padStart(20)}  ${name}`);
  console.log('gateway functions, inclusive time (callees included):');
  for (const [name, micros] of inclusive) console.log(`  ${perRequest(micros).padStart(20)}  ${name}`);
} finally {
  await gateway.stop();
  await upstream.close();
}
