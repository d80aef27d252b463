/**
 * The Durable Objects' implementations, reached only through `import()` from their classes'
 * constructors (usage-ledger.ts, key-limiter.ts): a Worker isolate serving requests only calls
 * these objects through stubs and never runs this code, so it is a chunk of its own
 * (scripts/build-worker.mjs), loaded when an object starts, not parsed by every isolate.
 */
export { KeyLimiterStore } from './key-limiter-store';
export { SessionStore } from './session-store';
export { StoredResponseStore } from './stored-response-store';
export { UsageLedgerStore } from './usage-ledger-store';
