#!/usr/bin/env node
// What the lazily loaded BPE tokenizer costs, measured in workerd (`wrangler dev`, the fake
// upstream): `POST /v1/responses/input_tokens` for OpenAI models on hosts without a counting
// endpoint, so the gateway counts with the tokenizer and calls no provider. The first count of
// an encoding in an isolate loads its module (import + building the rank tables); later counts
// reuse it. Wall time per request from the client, and the workerd processes' CPU (/proc) for the
// first request and per later request. The characters estimate (DeepSeek: no tokenizer) is the
// baseline; it also warms the isolate, so the first tokenizer request pays only the load.
//
//   node bench/tokenizer-cost.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { DEV_GATEWAY_KEYS, startLocalGateway } from '../scripts/local-gateway.mjs';

const LATER = 20;
const PROMPT = 'Switchboard counts tokens where no provider can. '.repeat(40); // ~2 KB of English

function procStat(pid) {
  const [, name, rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8').trim());
  const fields = rest.split(' ');
  return { name, parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
}

/** workerd processes descended from this one (the gateway's, not other users' on the machine). */
function ourWorkerds() {
  const all = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      all.set(Number(entry), procStat(entry));
    } catch {}
  }
  const descends = (pid) => {
    for (let at = pid, hops = 0; at > 1 && hops < 20; hops++) {
      if (at === process.pid) return true;
      at = all.get(at)?.parent ?? 0;
    }
    return false;
  };
  return [...all].filter(([pid, info]) => info.name === 'workerd' && descends(pid)).map(([pid]) => pid);
}

const cpuNow = (pids) => pids.reduce((sum, pid) => sum + procStat(pid).cpuMs, 0);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const gateway = await startLocalGateway({ env: { SWITCHBOARD_REQUEST_LOG: 'off' } });
try {
  const pids = ourWorkerds();
  const count = async (model) => {
    const started = performance.now();
    const response = await fetch(`${gateway.url}/v1/responses/input_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_GATEWAY_KEYS[0]}` },
      body: JSON.stringify({ model, input: PROMPT }),
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`${model}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  const measure = async (label, model) => {
    const cpuBefore = cpuNow(pids);
    const first = await count(model);
    const cpuFirst = cpuNow(pids) - cpuBefore;
    const later = [];
    const cpuLaterBefore = cpuNow(pids);
    for (let i = 0; i < LATER; i++) later.push((await count(model)).ms);
    const cpuLater = (cpuNow(pids) - cpuLaterBefore) / LATER;
    return {
      label,
      counted_by: first.body.counted_by,
      input_tokens: first.body.input_tokens,
      first_ms: Math.round(first.ms),
      first_cpu_ms: cpuFirst,
      later_median_ms: Number(median(later).toFixed(1)),
      later_cpu_ms_each: Number(cpuLater.toFixed(1)),
    };
  };
  for (let i = 0; i < 5; i++) await count('deepseek/deepseek-chat'); // warm the isolate
  const rows = [
    await measure('estimate (deepseek/deepseek-chat)', 'deepseek/deepseek-chat'),
    await measure('o200k_base (groq/openai/gpt-oss-20b)', 'groq/openai/gpt-oss-20b'),
    await measure('cl100k_base (openrouter/openai/gpt-4-turbo)', 'openrouter/openai/gpt-4-turbo'),
  ];
  console.log(`workerd processes: ${pids.length}; prompt ${PROMPT.length} chars; later = median of ${LATER}`);
  console.table(rows);
} finally {
  await gateway.stop();
}
