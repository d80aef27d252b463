/**
 * Cache statistics and invalidation:
 *  - `GET /v1/cache/stats`: the calling key's counters and its scope's live entries;
 *  - `GET /admin/cache/stats?key_id=…[&tenant=…]`: the same for any key;
 *  - `DELETE /admin/cache?key_id=…|tenant=…[&model=…]`, `?model=…`, or `?all=true`.
 */
import { Hono } from 'hono';
import { type DeleteSelector, deleteEntries, inventory } from '../lib/cache/inventory';
import { cacheModel, cacheScope } from '../lib/cache/key';
import { cacheStatsObject, flushCacheStats } from '../lib/cache/stats';
import { getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import * as z from '../lib/zod';

const keyId = z.string().check(z.regex(/^key_[0-9a-f]{16}$/, 'must be a key id such as key_0123456789abcdef'));
const tenant = z.string().check(z.minLength(1), z.maxLength(128));

async function statsBody(env: Env, id: string, scope: string) {
  await flushCacheStats(env, id);
  const [counters, stored] = await Promise.all([cacheStatsObject(env, id).read(), inventory(env.CACHE, scope)]);
  return {
    object: 'cache.stats',
    key_id: id,
    scope,
    hits: counters.hits,
    misses: counters.misses,
    bypasses: counters.bypasses,
    fills: counters.fills,
    bytes_written: counters.bytesWritten,
    bytes_served: counters.bytesServed,
    since: Math.floor(counters.since / 1000),
    entries: stored.entries,
    bytes_stored: stored.bytes,
    entries_truncated: stored.truncated,
  };
}

export const cacheRoutes = new Hono<AppEnv>()
  .get('/v1/cache/stats', async (c) => {
    const key = c.get('key');
    return c.json(await statsBody(c.env, key.id, cacheScope(key)));
  })
  .get('/admin/cache/stats', validator('query', z.strictObject({ key_id: keyId, tenant: z.optional(tenant) })), async (c) => {
    const query = c.req.valid('query');
    return c.json(await statsBody(c.env, query.key_id, cacheScope({ id: query.key_id, tenant: query.tenant })));
  })
  .delete(
    '/admin/cache',
    validator(
      'query',
      z.strictObject({
        key_id: z.optional(keyId),
        tenant: z.optional(tenant),
        model: z.optional(z.string().check(z.minLength(1))),
        all: z.optional(z.literal('true')),
      }),
    ),
    async (c) => {
      const query = c.req.valid('query');
      const model = query.model === undefined ? undefined : cacheModel(query.model, getConfig(c.env));
      let selector: DeleteSelector;
      if (query.key_id && query.tenant) throw invalidRequest('Give key_id or tenant, not both.', 'tenant');
      if (query.key_id || query.tenant) {
        if (query.all) throw invalidRequest('all=true deletes every entry; do not combine it with key_id or tenant.', 'all');
        selector = { scope: cacheScope({ id: query.key_id ?? '', tenant: query.tenant }), model };
      } else if (model) {
        if (query.all) throw invalidRequest('all=true deletes every entry; do not combine it with model.', 'all');
        selector = { model };
      } else if (query.all) {
        selector = { all: true };
      } else {
        throw invalidRequest('Say what to delete: key_id, tenant, model, or all=true.', null, 'missing_selector');
      }
      const { deleted, truncated } = await deleteEntries(c.env.CACHE, selector);
      return c.json({ object: 'cache.deleted', deleted, truncated });
    },
  );
