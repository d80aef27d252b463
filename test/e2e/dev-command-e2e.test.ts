/**
 * `npm run dev` as a newcomer uses it (scripts/dev.mjs, real `wrangler dev`): a route alias
 * from .dev.vars works against the fake providers, a key created through the admin API survives
 * a restart, `--fresh` starts from nothing, and a second instance on the same port is refused
 * with one line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ADMIN_TOKEN, DEV_GATEWAY_KEYS, freePort } from '../../scripts/local-gateway.mjs';

let dir = '';
let port = 0;
let upstreamPort = 0;
let running: ChildProcess | undefined;

interface Started {
  child: ChildProcess;
  output(): string;
}

function runDev(args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['scripts/dev.mjs', '--vars', join(dir, '.dev.vars'), '--state', join(dir, 'state'), ...args], {
    env: { ...process.env, PORT: String(port), FAKE_UPSTREAM_PORT: String(upstreamPort), SWITCHBOARD_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (data) => (text += data));
  child.stderr?.on('data', (data) => (text += data));
  return () => text;
}

/** Start dev and wait for its banner (it prints it once /health answers). */
async function startDev(args: string[] = []): Promise<Started> {
  const child = runDev(args);
  const output = collect(child);
  running = child;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run dev did not start:\n${output()}`)), 90_000);
    const check = () => {
      if (output().includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run dev exited with ${code}:\n${output()}`));
    });
  });
  return { child, output };
}

async function stopDev(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const code = await exited;
  running = undefined;
  return code;
}

const call = (path: string, key: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });

const chat = (key: string, model: string) =>
  call('/v1/chat/completions', key, { json: { model, messages: [{ role: 'user', content: 'Hello' }] } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-dev-command-'));
  port = await freePort();
  upstreamPort = await freePort();
  const config = { routes: { smart: { targets: [{ model: 'openai/gpt-4o-mini' }, { model: 'anthropic/claude-sonnet-4-5' }] } } };
  await writeFile(join(dir, '.dev.vars'), `SWITCHBOARD_CONFIG=${JSON.stringify(config)}\nOPENAI_API_KEY=sk-real-key-never-used\n`);
});

afterAll(async () => {
  if (running) await stopDev(running);
  await rm(dir, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('applies .dev.vars, keeps state across a restart, refuses a second instance, and starts fresh on request', async () => {
    const first = await startDev();
    const banner = first.output();
    expect(banner).toContain('Providers are FAKE');
    expect(banner).toMatch(/SWITCHBOARD_CONFIG {2}\(.*\.dev\.vars\)/);
    expect(banner).toContain('Ignored from');
    expect(banner).toContain('OPENAI_API_KEY');
    expect(banner).not.toContain('sk-real-key-never-used');
    expect(banner.split('Your Worker has access to the following bindings').length - 1).toBe(1);

    // The route alias from .dev.vars, served by the fake upstream.
    const routed = await chat(DEV_GATEWAY_KEYS[0] as string, 'smart');
    expect(routed.status).toBe(200);
    expect(routed.headers.get('x-switchboard-route')).toBe('smart');
    expect(routed.headers.get('x-switchboard-provider')).toBe('openai');

    // A second `npm run dev` on the same port: one line, non-zero exit.
    const second = runDev();
    const secondOutput = collect(second);
    const secondCode = await new Promise((resolve) => second.once('exit', resolve));
    expect(secondCode).toBe(1);
    expect(secondOutput().trim()).toBe(
      `npm run dev: Port ${port} is already in use (another \`npm run dev\`?): set PORT to another port, e.g. PORT=${port + 10} npm run dev`,
    );

    const created = (await (await call('/admin/keys', DEV_ADMIN_TOKEN, { json: { name: 'survives-restart' } })).json()) as { key: string };
    expect((await chat(created.key, 'openai/gpt-4o-mini')).status).toBe(200);
    expect(await stopDev(first.child)).toBe(0);

    const restarted = await startDev();
    expect((await chat(created.key, 'openai/gpt-4o-mini')).status).toBe(200);
    expect(await stopDev(restarted.child)).toBe(0);

    const fresh = await startDev(['--fresh']);
    expect((await chat(created.key, 'openai/gpt-4o-mini')).status).toBe(401);
    expect((await chat(DEV_GATEWAY_KEYS[0] as string, 'openai/gpt-4o-mini')).status).toBe(200);
    expect(await stopDev(fresh.child)).toBe(0);
  }, 300_000);
});
