/**
 * Worker entry: the Hono app, the usage queue consumer, the retention cron, and the Durable Objects.
 * The consumer and the cron run apart from requests: their code is imported on an isolate's first
 * batch or tick (src/cold-paths.ts, a chunk of its own), not parsed by every isolate at start.
 */
import { buildApp } from './app';

export { CacheStats } from './durable-objects/cache-stats';
export { KeyLimiter } from './durable-objects/key-limiter';
export { ResponseStore } from './durable-objects/response-store';
export { Session } from './durable-objects/session';
export { SessionDirectory } from './durable-objects/session-directory';
export { UsageLedger } from './durable-objects/usage-ledger';

const app = buildApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    const { consumeQueue } = await import('./cold-paths');
    await consumeQueue(batch, env);
  },
  async scheduled(controller, env) {
    const { scheduledRetention } = await import('./cold-paths');
    await scheduledRetention(controller, env);
  },
} satisfies ExportedHandler<Env>;
