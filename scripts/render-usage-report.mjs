#!/usr/bin/env node
// Renders the PDF usage report the gateway produces (`GET /v1/usage?format=pdf`) to the PNG shown
// in the README (docs/images/usage-report.png). It starts the gateway under `wrangler dev`
// against the FAKE upstream, creates a key, sends a few requests across providers (one failing),
// waits for the usage consumer, downloads the key's report for the last 7 days and rasterizes it
// with poppler's `pdftoppm` (Debian: `apt-get install -y poppler-utils`).
//
//   node scripts/render-usage-report.mjs [out.png]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEV_ADMIN_TOKEN, startLocalGateway } from './local-gateway.mjs';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'images', 'usage-report.png'));
try {
  execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
} catch {
  console.error('pdftoppm not found: install poppler-utils (Debian: apt-get install -y poppler-utils)');
  process.exit(1);
}

const REQUESTS = [
  ...Array.from({ length: 6 }, (_, i) => ({ model: 'openai/gpt-4o-mini', content: `Summarise note ${i}` })),
  ...Array.from({ length: 3 }, (_, i) => ({ model: 'anthropic/claude-sonnet-4-5', content: `Review change ${i}` })),
  ...Array.from({ length: 2 }, (_, i) => ({ model: 'gemini/gemini-2.5-flash', content: `Translate line ${i}` })),
  { model: 'deepseek/deepseek-chat', content: 'Plan the week' },
  { model: 'openai/gpt-4o-mini@status=500', content: 'This one fails upstream' },
];

const day = (at) => new Date(at).toISOString().slice(0, 10);
const gateway = await startLocalGateway({ env: { SWITCHBOARD_REQUEST_LOG: 'off' } });
const work = await mkdtemp(join(tmpdir(), 'usage-report-'));
try {
  const call = async (path, key, init = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });
    return response;
  };
  const created = await (
    await call('/admin/keys', DEV_ADMIN_TOKEN, { method: 'POST', body: JSON.stringify({ name: 'report-demo' }) })
  ).json();
  for (const { model, content } of REQUESTS) {
    const response = await call('/v1/chat/completions', created.key, {
      method: 'POST',
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
    await response.text();
  }
  const deadline = Date.now() + 30_000;
  while ((await (await call('/v1/usage', created.key)).json()).totals.requests < REQUESTS.length) {
    if (Date.now() > deadline) throw new Error('the usage consumer did not account every request within 30 s');
    await new Promise((done) => setTimeout(done, 200));
  }
  const query = new URLSearchParams({ from: day(Date.now() - 6 * 86_400_000), to: day(Date.now()), format: 'pdf' });
  const pdf = await call(`/v1/usage?${query}`, created.key);
  if (pdf.status !== 200) throw new Error(`GET /v1/usage?format=pdf: ${pdf.status} ${await pdf.text()}`);
  const pdfPath = join(work, 'usage.pdf');
  await writeFile(pdfPath, new Uint8Array(await pdf.arrayBuffer()));
  execFileSync('pdftoppm', ['-png', '-r', '96', '-singlefile', pdfPath, out.replace(/\.png$/, '')]);
  console.log(`wrote ${out}`);
} finally {
  await gateway.stop();
  await rm(work, { recursive: true, force: true });
}
