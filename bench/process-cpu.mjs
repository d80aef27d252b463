// CPU time of the workerd processes Miniflare starts, from the OS (/proc, Linux). workerd's own
// trace events report `cpuTime: 0` when run locally (checked with a tail worker), so the OS
// accounting of the whole process is the figure available: it counts everything the runtime
// does for a request, deferred work (ctx.waitUntil, queue consumers, Durable Objects) included.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './load.mjs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export const processCpuAvailable = () => existsSync('/proc/self/stat');

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8').trim();
  const [, name, rest] = /^\d+ \((.*)\) (.*)$/s.exec(text);
  const fields = rest.split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { name, parentPid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** Pids of this process's workerd children. */
export function workerdChildren() {
  const pids = new Set();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { name, parentPid } = stat(entry);
      if (name === 'workerd' && parentPid === process.pid) pids.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Run `start()` and return its result with the pid of the one workerd child it started. */
export async function withWorkerdPid(start) {
  const before = workerdChildren();
  const started = await start();
  const pids = [...workerdChildren()].filter((pid) => !before.has(pid));
  return { ...started, pid: pids.length === 1 ? pids[0] : undefined };
}

const cpuMs = (pid) => (stat(pid).cpuTicks * 1000) / TICKS_PER_SECOND;

/** CPU ms the process has used so far (user + system). */
export const processCpuMs = cpuMs;

/**
 * Wait until the process's CPU time has not moved for `quietMs` (deferred work done: the usage
 * queue's consumer runs up to its 2 s batch window after the last message), at most `maxMs`.
 * The bound is generous: after a 30-connection load the consumer's backlog can take longer than
 * 15 s, and with a shorter bound it was counted against the next configuration's requests (two
 * runs of the same commit gave 3.80 and 6.20 ms for *bootstrap, archive on*).
 */
async function settle(pid, { quietMs = 2500, maxMs = 60_000 } = {}) {
  const deadline = Date.now() + maxMs;
  let last = cpuMs(pid);
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < quietMs) {
    await sleep(250);
    const now = cpuMs(pid);
    if (now !== last) quietSince = Date.now();
    last = now;
  }
  return last;
}

/** CPU ms the process spent per request over `count` sequential requests, deferred work included. */
export async function cpuPerRequest(pid, request, count) {
  const before = await settle(pid);
  const load = await runLoad({ request, concurrency: 1, durationMs: 120_000, maxRequests: count });
  const after = await settle(pid);
  return { requests: load.requests, errors: load.errors, cpuMsPerRequest: (after - before) / load.requests };
}
