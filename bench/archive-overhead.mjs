// Archive overhead (issue 7's bar: under 0.5 ms p50 added on the response path): the same
// requests through two Switchboards that differ only in `archive.enabled`, interleaved rounds
// at one connection, twice: back to back (the next request meets the previous one's deferred
// archive write) and paced (a pause after each response lets deferred work finish, so only
// the work on the response path itself shows). Usage events cannot be switched off (every
// accountable request sends one), so both sides enqueue them: this is the archive's cost alone.
// With /proc, the workerd CPU per response of each side, and of a bare Worker doing the two R2
// puts the archive does (calibration: Miniflare's local R2 runs inside the same process).
import { cpuPerRequest, processCpuAvailable, withWorkerdPid } from './process-cpu.mjs';
import { startR2PutWorker } from './runtime.mjs';

export const ARCHIVE_TARGET_P50_MS = 0.5;
export const ARCHIVE_OFF_CONFIG = JSON.stringify({ archive: { enabled: false } });
const PAUSE_MS = 30;

async function r2PutCost(count) {
  const worker = await withWorkerdPid(startR2PutWorker);
  try {
    if (worker.pid === undefined) return undefined;
    const bare = await cpuPerRequest(worker.pid, { url: `${worker.url}/`, method: 'GET' }, count);
    const puts = await cpuPerRequest(worker.pid, { url: `${worker.url}/put`, method: 'GET' }, count);
    return puts.cpuMsPerRequest - bare.cpuMsPerRequest;
  } finally {
    await worker.stop();
  }
}

export async function measureArchiveOverhead({ archiveOn, archiveOff, gatewayKey, measure, durationMs, cpuRequests = 300 }) {
  const request = (gateway, stream) => ({
    url: `${gateway.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayKey}` },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hi' }] }),
  });
  const withCpu = processCpuAvailable() && archiveOn.pid !== undefined && archiveOff.pid !== undefined;
  const sections = {};
  for (const [name, stream] of [
    ['non-stream', false],
    ['stream', true],
  ]) {
    const targets = { 'archive on': request(archiveOn, stream), 'archive off': request(archiveOff, stream) };
    const backToBack = await measure(targets, { concurrency: 1, durationMs });
    const paced = await measure(targets, { concurrency: 1, durationMs, pauseMs: PAUSE_MS });
    const section = {
      backToBack: { ...backToBack, addedP50Ms: backToBack['archive on'].p50 - backToBack['archive off'].p50 },
      paced: { ...paced, pauseMs: PAUSE_MS, addedP50Ms: paced['archive on'].p50 - paced['archive off'].p50 },
    };
    if (withCpu) {
      const on = await cpuPerRequest(archiveOn.pid, targets['archive on'], cpuRequests);
      const off = await cpuPerRequest(archiveOff.pid, targets['archive off'], cpuRequests);
      section.cpuMsPerResponse = { on: on.cpuMsPerRequest, off: off.cpuMsPerRequest, added: on.cpuMsPerRequest - off.cpuMsPerRequest };
    }
    sections[name] = section;
  }
  const localR2PutsCpuMs = withCpu ? await r2PutCost(cpuRequests) : undefined;
  return { targetP50Ms: ARCHIVE_TARGET_P50_MS, usageEnqueueing: 'on in both (no switch)', localR2PutsCpuMs, sections };
}

export function printArchiveOverhead({ targetP50Ms, localR2PutsCpuMs, sections }, fmt) {
  console.log(`## archive on vs off, 1 connection (target < ${targetP50Ms} ms p50 added; usage events are sent on both sides)`);
  console.log('| request | load | archive | req/s | p50 ms | p99 ms | errors |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const [name, section] of Object.entries(sections)) {
    for (const [load, results] of [
      ['back to back', section.backToBack],
      [`paced (${section.paced.pauseMs} ms pause)`, section.paced],
    ]) {
      for (const side of ['on', 'off']) {
        const r = results[`archive ${side}`];
        console.log(`| ${name} | ${load} | ${side} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} |`);
      }
    }
  }
  for (const [name, section] of Object.entries(sections)) {
    const cpu = section.cpuMsPerResponse
      ? `; workerd CPU per response ${fmt(section.cpuMsPerResponse.on, 2)} on vs ${fmt(section.cpuMsPerResponse.off, 2)} off (+${fmt(section.cpuMsPerResponse.added, 2)} ms)`
      : '';
    console.log(
      `${name}: archive adds ${fmt(section.paced.addedP50Ms, 3)} ms p50 paced, ${fmt(section.backToBack.addedP50Ms, 3)} ms back to back${cpu}`,
    );
  }
  if (localR2PutsCpuMs !== undefined) {
    console.log(
      `calibration: a bare Worker's two local R2 puts cost ${fmt(localR2PutsCpuMs, 2)} ms of workerd CPU (Miniflare's R2 runs in-process; on Cloudflare they are subrequests)`,
    );
  }
  console.log('');
}
