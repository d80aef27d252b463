// The gateway's CPU per streamed response, measured on the runtime that serves it: the workerd
// process's CPU time (OS accounting, process-cpu.mjs) over many sequential requests for a
// recorded 212-chunk DeepSeek reasoning stream, through Switchboard on both surfaces and through
// the bare pass-through Worker (the floor: relaying the same bytes). Everything Switchboard does
// for the response is counted, deferred work included: auth, routing, decoding and re-encoding
// the stream, archive capture and the R2 write, the usage event and its queue consumer.
import { cpuPerRequest, processCpuAvailable } from './process-cpu.mjs';

export const STREAM_FIXTURE = { provider: 'deepseek', model: 'fixture:reasoning-stream', chunks: 212 };
const SAME_DIALECT_ROW = 'Switchboard /v1/chat/completions → DeepSeek, same dialect (bytes forwarded)';
const TRANSLATED_ROW = 'Switchboard /v1/messages → DeepSeek, translated (→ Anthropic events)';
const SAME_DIALECT_OFF_ROW = `${SAME_DIALECT_ROW}, archive off`;
const TRANSLATED_OFF_ROW = `${TRANSLATED_ROW}, archive off`;

export async function measureGatewayCpu({ passthrough, switchboard, switchboardNoArchive, gatewayKey, count = 300 }) {
  if (!processCpuAvailable() || passthrough.pid === undefined || switchboard.pid === undefined) {
    return { unavailable: 'no /proc or no workerd pid: per-process CPU cannot be read on this system' };
  }
  const messages = [{ role: 'user', content: 'Say hi' }];
  const json = { 'content-type': 'application/json' };
  const model = `${STREAM_FIXTURE.provider}/${STREAM_FIXTURE.model}`;
  const targets = {
    'pass-through Worker (relays the upstream SSE)': {
      pid: passthrough.pid,
      request: {
        url: `${passthrough.url}/deepseek/chat/completions`,
        headers: { ...json, authorization: 'Bearer sk-fake-deepseek' },
        body: JSON.stringify({ model: STREAM_FIXTURE.model, stream: true, messages }),
      },
    },
    // Same dialect: the DeepSeek (OpenAI-compatible) bytes are forwarded, decoded alongside for usage.
    [SAME_DIALECT_ROW]: {
      pid: switchboard.pid,
      request: {
        url: `${switchboard.url}/v1/chat/completions`,
        headers: { ...json, authorization: `Bearer ${gatewayKey}` },
        body: JSON.stringify({ model, stream: true, messages }),
      },
    },
    // The same upstream stream translated: decoded to canonical events, re-encoded as Anthropic events.
    [TRANSLATED_ROW]: {
      pid: switchboard.pid,
      request: {
        url: `${switchboard.url}/v1/messages`,
        headers: { ...json, 'x-api-key': gatewayKey },
        body: JSON.stringify({ model, max_tokens: 1024, stream: true, messages }),
      },
    },
  };
  // The two lanes again with the archive off: Miniflare's in-process R2 writes cost both lanes
  // the same ~10 ms of CPU here and would drown the difference between them.
  if (switchboardNoArchive?.pid !== undefined) {
    for (const [name, from] of [
      [SAME_DIALECT_OFF_ROW, SAME_DIALECT_ROW],
      [TRANSLATED_OFF_ROW, TRANSLATED_ROW],
    ]) {
      const request = { ...targets[from].request, url: targets[from].request.url.replace(switchboard.url, switchboardNoArchive.url) };
      targets[name] = { pid: switchboardNoArchive.pid, request };
    }
  }
  const rows = [];
  for (const [name, { pid, request }] of Object.entries(targets)) rows.push({ name, ...(await cpuPerRequest(pid, request, count)) });
  const floor = rows[0].cpuMsPerRequest;
  for (const row of rows) row.addedCpuMs = row.cpuMsPerRequest - floor;
  const added = (name) => rows.find((row) => row.name === name)?.addedCpuMs ?? Number.NaN;
  const archiveOff = rows.some((row) => row.name === SAME_DIALECT_OFF_ROW);
  const lanes = {
    archive: archiveOff ? 'off' : 'on',
    sameDialectAddedCpuMs: added(archiveOff ? SAME_DIALECT_OFF_ROW : SAME_DIALECT_ROW),
    translatedAddedCpuMs: added(archiveOff ? TRANSLATED_OFF_ROW : TRANSLATED_ROW),
  };
  lanes.sameDialectBelowTranslated = lanes.sameDialectAddedCpuMs < lanes.translatedAddedCpuMs;
  return { fixture: STREAM_FIXTURE, requestsEach: count, rows, lanes };
}

export function printGatewayCpu(result) {
  console.log('## gateway CPU per streamed response (workerd process CPU, OS accounting)');
  if (result.unavailable) {
    console.log(`${result.unavailable}\n`);
    return;
  }
  const { fixture, requestsEach, rows } = result;
  console.log(
    `${requestsEach} sequential requests each for the recorded ${fixture.chunks}-chunk ${fixture.provider} stream (${fixture.model}); CPU from /proc/<workerd pid>/stat before and after, once the process is idle (deferred work included). workerd reports cpuTime 0 to tail workers locally, so this is the whole process's time.`,
  );
  console.log('| path | CPU ms / response | added over pass-through ms | errors |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.name} | ${row.cpuMsPerRequest.toFixed(3)} | ${row.addedCpuMs.toFixed(3)} | ${row.errors} |`);
  const { archive, sameDialectAddedCpuMs: same, translatedAddedCpuMs: translated, sameDialectBelowTranslated } = result.lanes;
  console.log(
    `lanes (archive ${archive}): same-dialect stream adds ${same.toFixed(3)} ms CPU, translated adds ${translated.toFixed(3)} ms → same-dialect below translated: ${sameDialectBelowTranslated ? 'yes' : 'NO'}`,
  );
  console.log('');
}
