#!/usr/bin/env node
// Smoke test: the Codex CLI (`@openai/codex`, Apache-2.0) runs `codex exec` through the gateway
// with a custom model provider speaking the Responses API (`wire_api = "responses"`).
//
// Starts the FAKE upstream and the gateway under `wrangler dev` (scripts/local-gateway.mjs), writes
// a temporary CODEX_HOME/config.toml whose model provider's base_url is the gateway, runs
// `npx -y @openai/codex exec …` (downloaded by npx on first use; not a project dependency: it is a
// native binary per platform), then prints what Codex printed, what reached the gateway and what
// reached the fake upstream. Exit code 0 when Codex exited 0 and its answer arrived.
//
//   node scripts/codex-smoke.mjs                          # model openai/gpt-5-codex (Responses upstream)
//   node scripts/codex-smoke.mjs --model anthropic/claude-sonnet-4-5
//   node scripts/codex-smoke.mjs --direct                 # baseline: Codex → fake upstream, no gateway
//
// Env: CODEX_VERSION (default below), CODEX_SMOKE_TIMEOUT_MS (default 180000).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { DEV_GATEWAY_KEYS, startLocalGateway } from './local-gateway.mjs';

const CODEX_VERSION = process.env.CODEX_VERSION ?? '0.171.0';
const TIMEOUT_MS = Number(process.env.CODEX_SMOKE_TIMEOUT_MS ?? 180_000);
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'openai/gpt-5-codex' },
    prompt: { type: 'string', default: 'Reply with one short greeting in Portuguese. Do not run any commands.' },
    direct: { type: 'boolean', default: false },
  },
});

/** Run a command; resolve with its exit code and output (never rejects). */
function run(command, args, { env, cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function configToml({ baseUrl, model }) {
  return `# Written by scripts/codex-smoke.mjs (temporary CODEX_HOME)
model = ${JSON.stringify(model)}
model_provider = "switchboard"
approval_policy = "never"
sandbox_mode = "read-only"

[model_providers.switchboard]
name = "Switchboard gateway"
base_url = ${JSON.stringify(baseUrl)}
env_key = "SWITCHBOARD_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
`;
}

const home = await mkdtemp(join(tmpdir(), 'codex-smoke-'));
const work = await mkdtemp(join(tmpdir(), 'codex-smoke-work-'));
let stack;
try {
  let baseUrl;
  let upstream;
  let gatewayOutput = () => '';
  let model = values.model;
  if (values.direct) {
    upstream = await startFakeUpstream({ port: 0 });
    stack = { stop: () => upstream.close() };
    baseUrl = `${upstream.url}/openai/v1`;
    model = model.replace(/^openai\//, '');
    console.log(`FAKE upstream (recorded traffic): ${upstream.url}  — Codex talks to it directly (baseline, no gateway)`);
  } else {
    stack = await startLocalGateway();
    upstream = stack.upstream;
    gatewayOutput = stack.output;
    baseUrl = `${stack.url}/v1`;
    console.log(`gateway under wrangler dev: ${stack.url}   FAKE upstream: ${upstream.url}`);
  }
  await writeFile(join(home, 'config.toml'), configToml({ baseUrl, model }));
  console.log(`CODEX_HOME=${home}\n${await readFile(join(home, 'config.toml'), 'utf8')}`);

  const args = ['-y', `@openai/codex@${CODEX_VERSION}`, 'exec', '--skip-git-repo-check', '--ephemeral', '--json', values.prompt];
  console.log(`$ npx ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  const started = Date.now();
  const result = await run('npx', args, {
    cwd: work,
    timeoutMs: TIMEOUT_MS,
    env: {
      ...process.env,
      CODEX_HOME: home,
      // The gateway key (direct mode: the fake's OpenAI key).
      SWITCHBOARD_API_KEY: values.direct ? 'sk-fake-openai' : DEV_GATEWAY_KEYS[0],
      OPENAI_API_KEY: '',
      RUST_LOG: process.env.RUST_LOG ?? 'error',
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n--- codex exited ${result.code ?? result.signal} after ${seconds} s ---`);
  const events = result.stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { unparsed: line };
      }
    });
  for (const event of events) console.log(`codex event: ${JSON.stringify(event).slice(0, 400)}`);
  if (result.stderr.trim()) console.log(`codex stderr (last 2000 chars):\n${result.stderr.slice(-2000)}`);

  const log = upstream.requests.filter((entry) => !entry.path.startsWith('/__fake'));
  console.log(`\n--- ${log.length} request(s) reached the FAKE upstream ---`);
  for (const entry of log) {
    const body = entry.body ?? {};
    const summary = {
      model: body.model,
      stream: body.stream,
      store: body.store,
      include: body.include,
      tools: Array.isArray(body.tools) ? body.tools.map((tool) => tool.name ?? tool.type) : undefined,
      input: Array.isArray(body.input) ? body.input.map((item) => item.type ?? item.role) : typeof body.input,
    };
    console.log(`${entry.method} ${entry.path} → ${entry.status} fixture=${entry.fixture ?? '-'} ${JSON.stringify(summary)}`);
  }
  if (log[0]) {
    const headers = Object.keys(log[0].headers ?? {}).filter((name) => !/authorization|api-key/.test(name));
    console.log(`first request: body fields ${Object.keys(log[0].body ?? {}).join(', ')}; headers ${headers.join(', ')}`);
  }
  if (!values.direct) {
    const lines = gatewayOutput()
      .split('\n')
      .filter((line) => /"event":"request"|POST \/v1\//.test(line));
    console.log(`\n--- gateway request lines ---\n${lines.slice(-20).join('\n') || '(none)'}`);
  }
  const answered = events.some((event) => JSON.stringify(event).includes('agent_message'));
  console.log(`\nRESULT: codex exit ${result.code}, agent message ${answered ? 'received' : 'NOT received'}`);
  process.exitCode = result.code === 0 && answered ? 0 : 1;
} finally {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}
