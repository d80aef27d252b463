/** Worker entry: the Hono app, the usage queue consumer, the retention cron, and the Durable Objects. */
import { buildApp } from './app';
import { scheduledRetention } from './lib/archive/retention';
import { consumeQueue } from './lib/usage/consumer';

export { CacheStats } from './durable-objects/cache-stats';
export { KeyLimiter } from './durable-objects/key-limiter';
export { ResponseStore } from './durable-objects/response-store';
export { Session } from './durable-objects/session';
export { SessionDirectory } from './durable-objects/session-directory';
export { UsageLedger } from './durable-objects/usage-ledger';

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: consumeQueue,
  async scheduled(controller, env) {
    await scheduledRetention(controller, env);
  },
} satisfies ExportedHandler<Env>;
