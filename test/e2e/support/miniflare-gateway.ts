/**
 * The gateway under Miniflare's API directly: the built Worker in real workerd with local
 * bindings, without `wrangler dev`'s proxy in front (which sees a client's disconnect one write
 * later than workerd does: docs/faults.md). For the tests that measure what workerd itself does.
 * The bindings mirror wrangler.toml; the compatibility flags must stay the same as there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare, supportedCompatibilityDate } from 'miniflare';
import { fakeProviderEnv } from '../../../scripts/local-gateway.mjs';
import { gatewayStorageBindings } from '../../../scripts/miniflare-bindings.mjs';

const root = join(import.meta.dirname, '..', '..', '..');

export interface MiniflareGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startMiniflareGateway(upstreamUrl: string, env: Record<string, string> = {}): Promise<MiniflareGateway> {
  const outdir = mkdtempSync(join(tmpdir(), 'switchboard-mf-'));
  execFileSync(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    modules: true,
    modulesRoot: outdir,
    scriptPath: join(outdir, 'index.js'),
    // The build's chunks (switchboard-*.js, found through the entry's import and import()) and its
    // lazily loaded tokenizer encodings (lazy/*.js) are ES modules too.
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    // The newest date this Miniflare's workerd knows (wrangler.toml's may be newer); the flags are wrangler.toml's.
    compatibilityDate: supportedCompatibilityDate,
    compatibilityFlags: ['nodejs_compat', 'enable_request_signal'],
    bindings: {
      SWITCHBOARD_DEFAULT_PROVIDER: 'openai',
      SWITCHBOARD_CORS_ORIGINS: '*',
      SWITCHBOARD_REQUEST_LOG: 'off',
      ...fakeProviderEnv(upstreamUrl),
      ...env,
    },
    ...gatewayStorageBindings,
    queueConsumers: {
      'switchboard-usage': { maxBatchTimeout: 0, maxRetries: 5, deadLetterQueue: 'switchboard-usage-dlq' },
      'switchboard-usage-dlq': { maxBatchTimeout: 0, maxRetries: 3 },
      'switchboard-telemetry': { maxBatchTimeout: 0, maxRetries: 3 },
    },
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.resume();
      if (process.env.DEBUG) stderr.pipe(process.stderr);
      else stderr.resume();
    },
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    stop: async () => {
      await mf.dispose();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
