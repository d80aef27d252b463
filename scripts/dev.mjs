// `npm run dev`: the gateway under `wrangler dev` with local KV, R2, Durable Objects, Queues
// and cron, its providers pointed at a FAKE upstream that replays recorded provider traffic.
// No provider account needed. For real providers: put keys in .dev.vars and run `npm run dev:real`.

import { startFakeUpstream } from '../test/fake-upstream/server.mjs';
import { DEV_ADMIN_TOKEN, DEV_GATEWAY_KEYS, fakeProviderEnv, startWranglerDev } from './local-gateway.mjs';

const port = Number(process.env.PORT ?? 8787);
const upstream = await startFakeUpstream({ port: Number(process.env.FAKE_UPSTREAM_PORT ?? 8788) });
console.log(`\n  FAKE upstream (recorded provider traffic, not a real provider): ${upstream.url}`);
const gateway = await startWranglerDev({ env: fakeProviderEnv(upstream.url), port, stdio: 'inherit' });
console.log(`
  Switchboard is running at ${gateway.url}  (providers are FAKE: replayed recordings)

  Gateway keys:  ${DEV_GATEWAY_KEYS.join(', ')}
  Admin token:   ${DEV_ADMIN_TOKEN}

  Try it:
    curl ${gateway.url}/v1/chat/completions -H 'authorization: Bearer ${DEV_GATEWAY_KEYS[0]}' \\
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
