// What a user pays per request, beside the floor: workerd CPU per non-stream request (the whole
// process, deferred work and the queue consumer included) and storage operations per request,
// counted by the bench's binding wrapper (counting-entry.mjs) over exactly the same requests.
import { cpuPerRequest, processCpuAvailable } from './process-cpu.mjs';

/** Reset a Switchboard instance's operation counters; returns the previous ones. */
export async function resetCounts(url) {
  return (await fetch(`${url}/__bench/counts`, { method: 'POST' })).json();
}

export async function readCounts(url) {
  return (await fetch(`${url}/__bench/counts`)).json();
}

const sum = (phases, name) =>
  Object.values(phases).reduce(
    (total, counters) =>
      total + Object.entries(counters).reduce((n, [key, value]) => n + (key === name || key.startsWith(`${name}.`) ? value : 0), 0),
    0,
  );

/** Per-request figures from raw counters: totals, plus Durable Object calls before the response. */
export function perRequest({ requests, counts }) {
  const per = (value) => (requests > 0 ? value / requests : Number.NaN);
  const doCalls = Object.fromEntries(
    Object.entries(counts)
      .flatMap(([, counters]) => Object.entries(counters))
      .filter(([key]) => key.startsWith('do.calls.'))
      .reduce(
        (byName, [key, value]) => byName.set(key.slice('do.calls.'.length), (byName.get(key.slice('do.calls.'.length)) ?? 0) + value),
        new Map(),
      ),
  );
  return {
    requests,
    r2Writes: per(sum(counts, 'r2.writes')),
    r2Reads: per(sum(counts, 'r2.reads')),
    kvReads: per(sum(counts, 'kv.reads')),
    kvWrites: per(sum(counts, 'kv.writes')),
    doCalls: per(sum(counts, 'do.calls')),
    doCallsCritical: per(sum({ critical: counts.critical ?? {} }, 'do.calls')),
    queueMessages: per(sum(counts, 'queue.messages')),
    doCallsByNamespace: Object.fromEntries(Object.entries(doCalls).map(([name, value]) => [name, per(value)])),
    raw: counts,
  };
}

/**
 * `configurations`: name → { pid, request, countsUrl? } (countsUrl for Switchboard instances).
 * Sequential requests on one connection, so the process's CPU delta is theirs alone.
 */
export async function measureUserCost(configurations, count = 500) {
  const rows = {};
  for (const [name, { pid, request, countsUrl }] of Object.entries(configurations)) {
    if (!processCpuAvailable() || pid === undefined) {
      rows[name] = { unavailable: 'no per-process CPU on this system' };
      continue;
    }
    if (countsUrl) await resetCounts(countsUrl);
    const cpu = await cpuPerRequest(pid, request, count);
    rows[name] = { cpuMsPerRequest: cpu.cpuMsPerRequest, errors: cpu.errors, requests: cpu.requests };
    // cpuPerRequest waited for the process to go quiet, so the consumer's work is counted too.
    if (countsUrl) rows[name].operations = perRequest(await readCounts(countsUrl));
  }
  return rows;
}

export function printUserCost(rows, fmt) {
  console.log('## per non-stream request: workerd CPU and storage operations (deferred work and the queue consumer included)');
  console.log(
    '| configuration | CPU ms | R2 writes | R2 reads | KV reads | KV writes | DO calls (before response) | queue messages | errors |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, row] of Object.entries(rows)) {
    if (row.unavailable) {
      console.log(`| ${name} | ${row.unavailable} |`);
      continue;
    }
    const ops = row.operations;
    const cells = ops
      ? [ops.r2Writes, ops.r2Reads, ops.kvReads, ops.kvWrites]
          .map((value) => fmt(value, 3))
          .concat(`${fmt(ops.doCalls, 3)} (${fmt(ops.doCallsCritical, 3)})`, fmt(ops.queueMessages, 3))
      : name === 'floor'
        ? ['0', '0', '0', '0', '0 (0)', '0']
        : ['—', '—', '—', '—', '— (see bench/bindings-worker.mjs)', '—'];
    console.log(`| ${name} | ${fmt(row.cpuMsPerRequest, 2)} | ${cells.join(' | ')} | ${row.errors} |`);
  }
  for (const [name, row] of Object.entries(rows)) {
    if (row.operations) console.log(`${name}: DO calls by namespace ${JSON.stringify(row.operations.doCallsByNamespace)}`);
  }
  console.log('');
}
