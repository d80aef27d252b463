// Bench only: the built gateway (dist/index.js) with its storage bindings wrapped to count
// operations, so `npm run bench` can report what each request costs in R2 writes, KV reads and
// writes, Durable Object calls and queue messages. Nothing here ships: the gateway's own code
// is unchanged; this module sits in front of it in the bench's Miniflare instances only.
//
// Each operation is counted once, by where it ran: `critical` (before the response headers were
// returned), `deferred` (the request's ctx.waitUntil work) or `consumer` (the queue handler).
// GET /__bench/counts returns the counters; POST /__bench/counts resets them.
import { AsyncLocalStorage } from 'node:async_hooks';
import gateway from '../dist/index.js';

export { CacheStats, KeyLimiter, ResponseStore, Session, SessionDirectory, UsageLedger } from '../dist/index.js';

const phase = new AsyncLocalStorage();
let counts = {};
let requests = 0;

function count(name, n = 1) {
  const where = phase.getStore()?.phase ?? 'other';
  counts[where] ??= {};
  counts[where][name] = (counts[where][name] ?? 0) + n;
}

/** Wrap an object's methods: calling one counts what `classify(method, args)` names (nothing when undefined). */
function counted(target, classify, wrapResult) {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (typeof value !== 'function' || property === 'then') return value;
      return (...args) => {
        const name = classify(String(property), args);
        if (name !== undefined) count(name, String(property) === 'sendBatch' ? args[0].length : 1);
        // Reflect.apply: on an RPC stub, `value.apply` would itself be a remote property.
        const result = Reflect.apply(value, object, args);
        return wrapResult ? wrapResult(String(property), result) : result;
      };
    },
  });
}

const KV_READS = new Set(['get', 'getWithMetadata', 'list']);
const KV_WRITES = new Set(['put', 'delete']);
const R2_READS = new Set(['get', 'head', 'list']);
const R2_WRITES = new Set(['put', 'delete', 'createMultipartUpload']);
const QUEUE_SENDS = new Set(['send', 'sendBatch']);
const STUB_FACTORIES = new Set(['get', 'getByName']);

const wrappers = {
  kv: (binding) => counted(binding, (method) => (KV_READS.has(method) ? 'kv.reads' : KV_WRITES.has(method) ? 'kv.writes' : undefined)),
  r2: (binding) => counted(binding, (method) => (R2_READS.has(method) ? 'r2.reads' : R2_WRITES.has(method) ? 'r2.writes' : undefined)),
  queue: (binding) => counted(binding, (method) => (QUEUE_SENDS.has(method) ? 'queue.messages' : undefined)),
  // A namespace hands out stubs; every method called on a stub is one Durable Object call.
  durableObject: (binding, name) =>
    counted(
      binding,
      () => undefined,
      (method, stub) => (STUB_FACTORIES.has(method) ? counted(stub, () => `do.calls.${name}`) : stub),
    ),
};

const BINDINGS = {
  CACHE: 'kv',
  KEYS: 'kv',
  ARCHIVE: 'r2',
  USAGE_QUEUE: 'queue',
  KEY_LIMITER: 'durableObject',
  SESSIONS: 'durableObject',
  USAGE_LEDGER: 'durableObject',
  CACHE_STATS: 'durableObject',
  SESSION_DIRECTORY: 'durableObject',
};

// One wrapped env per env object, so the gateway's per-env caches (config) keep working.
const wrappedEnvs = new WeakMap();
function wrap(env) {
  let wrapped = wrappedEnvs.get(env);
  if (!wrapped) {
    wrapped = { ...env };
    for (const [name, kind] of Object.entries(BINDINGS)) if (env[name]) wrapped[name] = wrappers[kind](env[name], name);
    wrappedEnvs.set(env, wrapped);
  }
  return wrapped;
}

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/__bench/counts') {
      if (request.method === 'POST') {
        counts = {};
        requests = 0;
      }
      return Response.json({ requests, counts });
    }
    requests++;
    const store = { phase: 'critical' };
    const response = await phase.run(store, () => gateway.fetch(request, wrap(env), ctx));
    store.phase = 'deferred';
    return response;
  },
  queue(batch, env, ctx) {
    return phase.run({ phase: 'consumer' }, () => gateway.queue(batch, wrap(env), ctx));
  },
  scheduled(controller, env, ctx) {
    return gateway.scheduled(controller, wrap(env), ctx);
  },
};
