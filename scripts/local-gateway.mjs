// Starts the FAKE upstream provider and the gateway under `wrangler dev`, pointed at each other.
// Used by `npm run dev`, the end-to-end tests and `npm run bench`. Provider settings go in a
// temporary env file (so a developer's .dev.vars with real keys is never picked up here).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Run wrangler's own entry with this Node (22), whatever is first on PATH.
const wranglerBin = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

export const DEV_GATEWAY_KEYS = ['sb-dev-key-1', 'sb-dev-key-2'];
export const DEV_ADMIN_TOKEN = 'sb-admin-dev-token';

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Env settings that point every provider at the fake upstream. */
export function fakeProviderEnv(upstreamUrl) {
  return {
    SWITCHBOARD_KEYS: DEV_GATEWAY_KEYS.join(','),
    SWITCHBOARD_ADMIN_TOKEN: DEV_ADMIN_TOKEN,
    // Development only (32 fixed bytes): lets BYOK credentials be stored under `npm run dev`.
    SWITCHBOARD_MASTER_KEY: 'ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcy0hISE=',
    OPENAI_API_KEY: 'sk-fake-openai',
    OPENAI_BASE_URL: `${upstreamUrl}/openai/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    ANTHROPIC_BASE_URL: `${upstreamUrl}/anthropic`,
    GEMINI_API_KEY: 'fake-gemini-key',
    GEMINI_BASE_URL: `${upstreamUrl}/gemini`,
    DEEPSEEK_API_KEY: 'sk-fake-deepseek',
    DEEPSEEK_BASE_URL: `${upstreamUrl}/deepseek`,
    AZURE_OPENAI_API_KEY: 'fake-azure-key',
    AZURE_OPENAI_ENDPOINT: `${upstreamUrl}/azure`,
    AZURE_OPENAI_API_VERSION: '2024-10-21',
    GROQ_API_KEY: 'gsk-fake',
    GROQ_BASE_URL: `${upstreamUrl}/groq/openai/v1`,
    MISTRAL_API_KEY: 'fake-mistral',
    MISTRAL_BASE_URL: `${upstreamUrl}/mistral/v1`,
    OPENROUTER_API_KEY: 'sk-or-fake',
    OPENROUTER_BASE_URL: `${upstreamUrl}/openrouter/api/v1`,
    XAI_API_KEY: 'xai-fake',
    XAI_BASE_URL: `${upstreamUrl}/xai/v1`,
    TOGETHER_API_KEY: 'fake-together',
    TOGETHER_BASE_URL: `${upstreamUrl}/together/v1`,
    OLLAMA_BASE_URL: `${upstreamUrl}/ollama/v1`,
  };
}

/**
 * One line of the env file, read back by wrangler exactly as given. Wrangler parses it with
 * dotenv, which in double quotes unescapes only `\n` and `\r` (so `"{\"a\":1}"` arrives with its
 * backslashes: invalid JSON) and keeps single-quoted text as is; dotenv-expand then replaces
 * `$NAME` with another variable's value unless it is written `\$`.
 */
function envFileLine(name, value) {
  if (value.includes("'") || value.endsWith('\\')) {
    throw new Error(`${name}: values with a single quote or a trailing backslash cannot be passed through the env file`);
  }
  return `${name}='${value.replaceAll('$', '\\$')}'`;
}

async function waitForHealth(url, key, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${key}` } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not become healthy within ${timeoutMs} ms`);
}

/**
 * Run `wrangler dev` for a config with the given env. Resolves once `/health` answers.
 * `healthKey: null` skips the health check (for workers without one).
 */
export async function startWranglerDev({
  config = 'wrangler.toml',
  env = {},
  port,
  healthKey = DEV_GATEWAY_KEYS[0],
  stdio = 'pipe',
  timeoutMs = 90_000,
  extraArgs = [],
  persistTo,
  onOutput,
} = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-dev-'));
  const envFile = join(dir, '.env');
  await writeFile(
    envFile,
    Object.entries(env)
      .map(([name, value]) => envFileLine(name, String(value)))
      .join('\n'),
  );
  const gatewayPort = port ?? (await freePort());
  const inspectorPort = await freePort();
  const args = [
    'dev',
    '--config',
    config,
    '--ip',
    '127.0.0.1',
    '--port',
    String(gatewayPort),
    '--inspector-port',
    String(inspectorPort),
    '--env-file',
    envFile,
    '--persist-to',
    persistTo ?? join(dir, 'state'),
    '--show-interactive-dev-session=false',
    // No --test-scheduled: it is wrangler's bundling-time middleware, and the Worker is uploaded as
    // built (wrangler.toml's no_bundle); Miniflare's /cdn-cgi/handler/scheduled runs the cron instead.
    ...extraArgs,
  ];
  const child = spawn(process.execPath, [wranglerBin, ...args], {
    cwd: root,
    stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', FORCE_COLOR: '0' },
  });
  let output = '';
  // Captured for the error message only (quiet test runs); DEBUG=1 shows it as it comes.
  onOutput ??= process.env.DEBUG ? (text) => process.stderr.write(text) : undefined;
  if (stdio !== 'inherit') {
    child.stdout.on('data', (data) => {
      output += data;
      onOutput?.(String(data));
    });
    child.stderr.on('data', (data) => {
      output += data;
      onOutput?.(String(data));
    });
  }
  const url = `http://127.0.0.1:${gatewayPort}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (healthKey !== null) await waitForHealth(url, healthKey, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  return { url, port: gatewayPort, stop, output: () => output };
}

/** The fake upstream plus the gateway pointed at it. */
export async function startLocalGateway({ port, upstreamPort = 0, upstreamLatencyMs = 0, env = {}, stdio, persistTo } = {}) {
  const upstream = await startFakeUpstream({ port: upstreamPort, latencyMs: upstreamLatencyMs });
  try {
    const gateway = await startWranglerDev({ env: { ...fakeProviderEnv(upstream.url), ...env }, port, stdio, persistTo });
    return {
      url: gateway.url,
      upstream,
      output: gateway.output,
      stop: async () => {
        await gateway.stop();
        await upstream.close();
      },
    };
  } catch (error) {
    await upstream.close();
    throw error;
  }
}
