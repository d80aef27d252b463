/** Worker entry: the Hono app, the usage queue consumer, the retention cron, and the Durable Objects. */
import { buildApp } from './app';

export { CacheStats } from './durable-objects/cache-stats';
export { KeyLimiter } from './durable-objects/key-limiter';
export { Session } from './durable-objects/session';
export { SessionDirectory } from './durable-objects/session-directory';
export { UsageLedger } from './durable-objects/usage-ledger';

const app = buildApp();

export default {
  fetch: app.fetch,
  async queue(batch) {
    // Usage accounting arrives with the usage issue; until then nothing is produced.
    for (const message of batch.messages) message.retry();
  },
  async scheduled() {
    // Retention arrives with the archive issue.
  },
} satisfies ExportedHandler<Env>;
