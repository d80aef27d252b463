/**
 * What a proxied request never runs, in one module reached only through `import()` (index.ts,
 * routes/cold-routes.ts, lib/archive/rejection.ts): the routes of cold-routes.ts, the usage queue
 * consumer (ledger writes, the archive's batch writer, span building and export, which a traced
 * refusal uses too) and the retention cron. The build (scripts/build-worker.mjs) puts it
 * and what only it imports in one chunk, loaded on an isolate's first use of any of them: one chunk
 * rather than one per route, because each dynamic entry point splits the code the request path
 * shares with it into chunks of its own, and many small chunks gzip worse than one.
 */
export { scheduledRetention } from './lib/archive/retention';
export { refusalSpans } from './lib/telemetry/request-spans';
export { consumeQueue } from './lib/usage/consumer';
export { adminRoutes } from './routes/admin';
export { cacheRoutes } from './routes/cache';
export { countTokensRoutes } from './routes/count-tokens';
export { embeddingsRoutes } from './routes/embeddings';
export { logRoutes } from './routes/logs';
export { metricsRoutes } from './routes/metrics';
export { modelRoutes } from './routes/models';
export { rateLimitRoutes } from './routes/ratelimit';
export { sessionRoutes } from './routes/sessions';
export { storedResponseRoutes } from './routes/stored-responses';
export { templateRoutes } from './routes/templates';
export { usageRoutes } from './routes/usage';
