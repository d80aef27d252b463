// `npm run dev`'s start-up decisions: flags and ports, what it takes from .dev.vars and the
// environment, the one-line refusals (busy port, bad config), and its output filter.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { devOptions, devSettings, isProviderSetting, UsageError, wranglerOutputFilter } from '../../scripts/dev-settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Run `node scripts/dev.mjs` until it exits (these cases exit before starting anything). */
function runDev(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts/dev.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function listen() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('npm run dev: options', () => {
  it('ports from flags, else PORT / FAKE_UPSTREAM_PORT, else 8787 / 8788; state kept unless --fresh', () => {
    assert.deepEqual(devOptions([], {}), {
      fresh: false,
      help: false,
      port: 8787,
      upstreamPort: 8788,
      varsFile: '.dev.vars',
      stateDir: '.wrangler/state',
    });
    assert.equal(devOptions([], { PORT: '9000' }).port, 9000);
    assert.equal(devOptions(['--port', '9100'], { PORT: '9000' }).port, 9100);
    assert.equal(devOptions([], { FAKE_UPSTREAM_PORT: '9001' }).upstreamPort, 9001);
    assert.equal(devOptions(['--fresh'], {}).fresh, true);
    assert.throws(
      () => devOptions([], { PORT: 'eighty' }),
      (error) => error instanceof UsageError && /PORT must be a port number/.test(error.message),
    );
  });

  it('applies every non-empty setting of .dev.vars and SWITCHBOARD_* of the environment, never provider keys or URLs', () => {
    const vars = {
      SWITCHBOARD_CONFIG: '{"cache":{"mode":"on"}}',
      SWITCHBOARD_CORS_ORIGINS: 'https://app.example',
      SWITCHBOARD_MASTER_KEY: '',
      OPENAI_API_KEY: 'sk-real',
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com',
      MY_VLLM_KEY: 'custom',
    };
    const env = { SWITCHBOARD_CORS_ORIGINS: '*', PATH: '/bin', OPENAI_API_KEY: 'sk-env' };
    assert.deepEqual(devSettings(vars, env), {
      applied: { SWITCHBOARD_CONFIG: '{"cache":{"mode":"on"}}', SWITCHBOARD_CORS_ORIGINS: '*', MY_VLLM_KEY: 'custom' },
      sources: { SWITCHBOARD_CONFIG: '.dev.vars', SWITCHBOARD_CORS_ORIGINS: 'environment', MY_VLLM_KEY: '.dev.vars' },
      ignored: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AZURE_OPENAI_ENDPOINT'],
    });
    for (const name of ['VLLM_API_KEY', 'OLLAMA_BASE_URL', 'AZURE_OPENAI_API_VERSION']) assert.ok(isProviderSetting(name), name);
    for (const name of ['SWITCHBOARD_KEYS', 'SWITCHBOARD_ARCHIVE_KEY']) assert.ok(!isProviderSetting(name), name);
  });
});

describe('npm run dev: refusals are one clear line', () => {
  it('a busy port names the port and the variable to change, exits non-zero, no stack trace', async () => {
    const busy = await listen();
    try {
      const { port } = busy.address();
      const { code, stdout, stderr } = await runDev(['--vars', '/nonexistent/.dev.vars'], { PORT: String(port), SWITCHBOARD_CONFIG: '' });
      assert.equal(code, 1);
      assert.equal(stdout, '');
      assert.equal(
        stderr.trim(),
        `npm run dev: Port ${port} is already in use (another \`npm run dev\`?): set PORT to another port, e.g. PORT=${port + 10} npm run dev`,
      );
      assert.doesNotMatch(stderr, /EADDRINUSE|\n\s+at /);
      const free = await listen();
      const freePort = free.address().port;
      free.close();
      const upstream = await runDev(['--vars', '/nonexistent/.dev.vars'], {
        PORT: String(freePort),
        FAKE_UPSTREAM_PORT: String(port),
        SWITCHBOARD_CONFIG: '',
      });
      assert.equal(upstream.code, 1);
      assert.match(upstream.stderr, new RegExp(`Port ${port} is already in use .*set FAKE_UPSTREAM_PORT`));
    } finally {
      busy.close();
    }
  });

  it('an invalid SWITCHBOARD_CONFIG in .dev.vars is refused before starting, naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dev-vars-'));
    const vars = join(dir, '.dev.vars');
    await writeFile(vars, `SWITCHBOARD_CONFIG={"routes":{"smart":{"targets":[{"model":"openai/gpt-4o","weight":0}]}}}\n`);
    const { code, stderr } = await runDev(['--vars', vars], { SWITCHBOARD_CONFIG: '' });
    assert.equal(code, 1);
    assert.equal(
      stderr.trim(),
      `npm run dev: invalid SWITCHBOARD_CONFIG (from ${vars}): SWITCHBOARD_CONFIG.routes.smart.targets[0].weight: Too small: expected number to be >0`,
    );
    const fromEnv = await runDev(['--vars', join(dir, 'none')], { SWITCHBOARD_CONFIG: '{"aliases":{}}' });
    assert.equal(fromEnv.code, 1);
    assert.match(
      fromEnv.stderr,
      /invalid SWITCHBOARD_CONFIG \(from environment\): SWITCHBOARD_CONFIG\.aliases: Unrecognized key: "aliases"/,
    );
  });
});

describe("npm run dev: wrangler's output", () => {
  it('shows the bindings table once and the offline Request.cf warning once, without its stack', () => {
    const table = 'Your Worker has access to the following bindings:\nBinding   Resource\nenv.CACHE KV Namespace\n\n';
    const cf =
      '[wrangler:warn] Unable to fetch the `Request.cf` object! Falling back\nError: getaddrinfo ENOTFOUND workers.cloudflare.com\n    at GetAddrInfoReqWrap.onlookupall (node:dns:122:26)\n';
    const output = `${table}${cf}⎔ Starting local server...\n${cf}${table}[wrangler:info] Ready on http://127.0.0.1:8787\n`;
    // Fed in awkward pieces, as a pipe delivers it.
    const filter = wranglerOutputFilter();
    let shown = '';
    for (let index = 0; index < output.length; index += 7) shown += filter(output.slice(index, index + 7));
    assert.equal(shown.split('Your Worker has access').length - 1, 1);
    assert.equal(shown.split('Request.cf').length - 1, 1);
    assert.doesNotMatch(shown, /getaddrinfo|\n\s+at /);
    assert.match(shown, /env\.CACHE KV Namespace\n\n/);
    assert.match(shown, /Starting local server\.\.\.\n/);
    assert.match(shown, /Ready on http:\/\/127\.0\.0\.1:8787\n$/);
  });
});
