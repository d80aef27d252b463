/**
 * `/admin/keys`: create, list, read, update, rotate and revoke gateway keys. Mounted under
 * `/admin`, where auth accepts only SWITCHBOARD_ADMIN_TOKEN (never a gateway key).
 * A key's secret appears in exactly two responses: its creation and its rotation.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { createKey, keyView, revokeKey, rotateKey, updateKey } from '../lib/keys/key-admin';
import { createKeySchema, keyIdParamSchema, listKeysQuerySchema, rotateKeySchema, updateKeySchema } from '../lib/keys/key-schemas';
import { getStoredKey } from '../lib/keys/key-store';
import { listStoredKeys } from '../lib/keys/key-store-writes';

const noStore = { 'cache-control': 'no-store' };

export const adminKeyRoutes = new Hono<AppEnv>()
  .post('/keys', validator('json', createKeySchema), async (c) => c.json(await createKey(c.env, c.req.valid('json')), 201, noStore))
  .get('/keys', validator('query', listKeysQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listStoredKeys(c.env, { limit: limit ?? 100, cursor });
    return c.json({ object: 'list', data: page.keys.map(keyView), next_cursor: page.cursor });
  })
  .get('/keys/:id', validator('param', keyIdParamSchema), async (c) => {
    const { id } = c.req.valid('param');
    const key = await getStoredKey(c.env, id);
    if (!key) throw notFound(`No gateway key '${id}'.`, 'key_not_found');
    return c.json(keyView(key));
  })
  .patch('/keys/:id', validator('param', keyIdParamSchema), validator('json', updateKeySchema), async (c) =>
    c.json(await updateKey(c.env, c.req.valid('param').id, c.req.valid('json'))),
  )
  .post('/keys/:id/rotate', validator('param', keyIdParamSchema), validator('json', rotateKeySchema), async (c) =>
    c.json(await rotateKey(c.env, c.req.valid('param').id, c.req.valid('json').graceSeconds), 200, noStore),
  )
  .delete('/keys/:id', validator('param', keyIdParamSchema), async (c) => c.json(await revokeKey(c.env, c.req.valid('param').id)));
