// `npm run dev`: the gateway under `wrangler dev` with local KV, R2, Durable Objects, Queues and
// cron, its providers pointed at a FAKE upstream that replays recorded provider traffic. Every
// other setting comes from .dev.vars and SWITCHBOARD_* environment variables, validated first;
// state persists in .wrangler/state across restarts (`--fresh` starts from nothing).
// For real providers: put keys in .dev.vars and run `npm run dev:real`.
import { rm } from 'node:fs/promises';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { checkConfigText, readVarsFile } from './config-check.mjs';
import { assertPortFree, devOptions, devSettings, UsageError, wranglerOutputFilter } from './dev-settings.mjs';
import { DEV_ADMIN_TOKEN, DEV_GATEWAY_KEYS, fakeProviderEnv, startWranglerDev } from './local-gateway.mjs';

const HELP = `npm run dev [-- options]
  --fresh               start from empty local state (deletes the --state directory first)
  --port N              the gateway's port (or PORT; default 8787)
  --upstream-port N     the fake upstream's port (or FAKE_UPSTREAM_PORT; default 8788)
  --vars FILE           settings file (default .dev.vars)
  --state DIR           local state directory (default .wrangler/state)`;

/** Stop with one line and a non-zero exit: no stack trace for a mistake the user can fix. */
function fail(message) {
  console.error(`\n  npm run dev: ${message}\n`);
  process.exit(1);
}

async function main() {
  const options = devOptions(process.argv.slice(2), process.env);
  if (options.help) return console.log(HELP);
  const { applied, sources, ignored } = devSettings(readVarsFile(options.varsFile), process.env, options.varsFile);
  if (applied.SWITCHBOARD_CONFIG) {
    const problem = await checkConfigText(applied.SWITCHBOARD_CONFIG);
    if (problem) throw new UsageError(`invalid SWITCHBOARD_CONFIG (from ${sources.SWITCHBOARD_CONFIG}): ${problem.message}`);
  }
  await assertPortFree(options.port, 'PORT');
  await assertPortFree(options.upstreamPort, 'FAKE_UPSTREAM_PORT');
  if (options.fresh) await rm(options.stateDir, { recursive: true, force: true });

  const upstream = await startFakeUpstream({ port: options.upstreamPort });
  const filter = wranglerOutputFilter();
  const keys = applied.SWITCHBOARD_KEYS?.split(',').map((key) => key.trim()) ?? DEV_GATEWAY_KEYS;
  const gateway = await startWranglerDev({
    env: { ...fakeProviderEnv(upstream.url), ...applied },
    port: options.port,
    stdio: 'pipe',
    onOutput: (text) => process.stdout.write(filter(text)),
    persistTo: options.stateDir,
    healthKey: keys[0],
  }).catch(async (error) => {
    await upstream.close();
    throw error;
  });
  const adminToken = applied.SWITCHBOARD_ADMIN_TOKEN ? `(yours, from ${sources.SWITCHBOARD_ADMIN_TOKEN})` : DEV_ADMIN_TOKEN;
  const settingLines = Object.keys(applied).map((name) => `    ${name}  (${sources[name]})`);
  console.log(`
  Switchboard is running at ${gateway.url}

  Providers are FAKE: every provider key and base URL points at ${upstream.url},
  which replays recorded provider traffic (not a real provider).${ignored.length ? `\n  Ignored from ${options.varsFile} (provider settings; use npm run dev:real for real providers): ${ignored.join(', ')}` : ''}

  Settings applied from ${options.varsFile} and the environment:${settingLines.length ? `\n${settingLines.join('\n')}` : ' none'}
  State (keys, usage, sessions, cache, archive) is kept in ${options.stateDir} across restarts;
  \`npm run dev -- --fresh\` starts from nothing.

  Gateway keys:  ${keys.join(', ')}
  Admin token:   ${adminToken}
  Dashboard:     ${gateway.url}/dashboard/

  Try it:
    curl ${gateway.url}/v1/chat/completions -H 'authorization: Bearer ${keys[0]}' \\
      -H 'content-type: application/json' \\
      -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}],"stream":true}'

  Press Ctrl+C to stop.
`);
  const shutdown = async () => {
    await gateway.stop();
    await upstream.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => (error instanceof UsageError ? fail(error.message) : fail(error?.message ?? String(error))));
