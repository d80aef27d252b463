// The gateway's storage bindings for Miniflare's API, as wrangler.toml declares them: KV, R2,
// Durable Objects (SQLite) and queue producers. Used where the gateway runs under Miniflare
// directly, without `wrangler dev` (the bench, and the e2e tests that measure workerd alone);
// each caller sets its own queue consumers (batching differs between a bench and a test).
export const gatewayStorageBindings = {
  kvNamespaces: ['CACHE', 'KEYS'],
  r2Buckets: ['ARCHIVE'],
  durableObjects: {
    KEY_LIMITER: { className: 'KeyLimiter', useSQLite: true },
    SESSIONS: { className: 'Session', useSQLite: true },
    USAGE_LEDGER: { className: 'UsageLedger', useSQLite: true },
    CACHE_STATS: { className: 'CacheStats', useSQLite: true },
    SESSION_DIRECTORY: { className: 'SessionDirectory', useSQLite: true },
    RESPONSES: { className: 'ResponseStore', useSQLite: true },
  },
  queueProducers: {
    USAGE_QUEUE: { queueName: 'switchboard-usage' },
    USAGE_DEAD_LETTER_QUEUE: { queueName: 'switchboard-usage-dlq' },
    TELEMETRY_QUEUE: { queueName: 'switchboard-telemetry' },
  },
};
