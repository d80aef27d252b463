// The floor plus the binding calls an everything-on request makes, and nothing else: what
// Miniflare's local simulators (KV, Durable Objects, Queues) cost the workerd process per
// request, measured beside the floor so `npm run bench` can say which part of everything on's
// CPU is the gateway's own. On Cloudflare these bindings are remote: they cost the Worker
// little CPU. Per request, as everything on (bench/counting-entry.mjs counts them):
//   before the response   1 Durable Object call (the KeyLimiter's `admit`) and 1 KV get (cache
//                         lookup), at once
//   deferred (waitUntil)  1 KV put (cache fill), 1 queue message (settlements ride on the next
//                         `admit`: lib/limits/settlement-batch.ts)
//   queue consumer        1 Durable Object call per batch (the ledger), acks
// The queue message is about the size of the gateway's (usage event + inline archive record).
// `CALLS` (a comma-separated subset of do,kv,queue; all by default) keeps only some of them, to
// attribute the simulators' cost per binding.
import { DurableObject } from 'cloudflare:workers';

/** Stands in for the KeyLimiter and the UsageLedger: one small synchronous storage write per call. */
export class Counter extends DurableObject {
  admit(demand) {
    const count = (this.ctx.storage.kv.get('count') ?? 0) + 1;
    this.ctx.storage.kv.put('count', count);
    return { kind: 'admitted', leaseId: demand.requestId, waitMs: 0, snapshot: {} };
  }

  record(events) {
    this.ctx.storage.kv.put('events', (this.ctx.storage.kv.get('events') ?? 0) + events.length);
    return { stale: 0 };
  }
}

let next = 0;

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const body = await request.text();
    const requestId = `req_${++next}`;
    const calls = new Set((env.CALLS ?? 'do,kv,queue').split(','));
    const limiter = env.LIMITER.get(env.LIMITER.idFromName('key'));
    // At once, as the gateway's admission and cache lookup.
    await Promise.all([
      calls.has('do') && limiter.admit({ requestId, credentialHash: 'h', tokens: 100, costNanoUsd: 1 }),
      calls.has('kv') && env.CACHE.get(`cache:${requestId}`, 'arrayBuffer'),
    ]);
    const upstream = await fetch(`${env.UPSTREAM_URL}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: request.headers,
      body,
    });
    const text = await upstream.text();
    ctx.waitUntil(
      Promise.all([
        calls.has('kv') && env.CACHE.put(`cache:${requestId}`, text, { expirationTtl: 3600 }),
        calls.has('queue') &&
          env.USAGE_QUEUE.send(
            {
              keyId: 'key',
              requestId,
              at: Date.now(),
              usage: { inputTokens: 10, outputTokens: 10 },
              archive: { json: body + text + text },
            },
            { contentType: 'json' },
          ),
      ]),
    );
    return new Response(text, { status: upstream.status, headers: upstream.headers });
  },
  async queue(batch, env) {
    const events = batch.messages.map((message) => message.body);
    await env.LIMITER.get(env.LIMITER.idFromName('ledger')).record(events.map(({ requestId, usage }) => ({ requestId, usage })));
    batch.ackAll();
  },
};
