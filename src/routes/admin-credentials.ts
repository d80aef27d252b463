/**
 * Provider credentials callers bring (BYOK), per gateway key or per tenant. They are written
 * and deleted here and never read back: responses carry only which providers are set, when,
 * and under which master key id. `POST /admin/credentials/rewrap` re-seals every stored
 * credential under the current master key after SWITCHBOARD_MASTER_KEY was rotated.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { deleteCredential, listCredentials, putCredential, rewrapAll } from '../lib/keys/credential-admin';
import { credentialBodySchema, keyIdSchema, providerIdSchema, tenantSchema } from '../lib/keys/key-schemas';
import { getStoredKey } from '../lib/keys/key-store';
import type { CredentialScope } from '../lib/keys/provider-credentials';
import * as z from '../lib/zod';

const keyScope = z.object({ id: keyIdSchema });
const keyProvider = z.object({ id: keyIdSchema, provider: providerIdSchema });
const tenantScope = z.object({ tenant: tenantSchema });
const tenantProvider = z.object({ tenant: tenantSchema, provider: providerIdSchema });

async function existingKeyScope(env: Env, id: string): Promise<CredentialScope> {
  if (!(await getStoredKey(env, id))) throw notFound(`No gateway key '${id}'.`, 'key_not_found');
  return { kind: 'key', id };
}

const tenantOf = (tenant: string): CredentialScope => ({ kind: 'tenant', id: tenant });

export const adminCredentialRoutes = new Hono<AppEnv>()
  .get('/keys/:id/providers', validator('param', keyScope), async (c) => {
    const scope = await existingKeyScope(c.env, c.req.valid('param').id);
    return c.json({ object: 'list', data: await listCredentials(c.env, scope) });
  })
  .put('/keys/:id/providers/:provider', validator('param', keyProvider), validator('json', credentialBodySchema), async (c) => {
    const { id, provider } = c.req.valid('param');
    const scope = await existingKeyScope(c.env, id);
    return c.json(await putCredential(c.env, scope, provider, c.req.valid('json').apiKey));
  })
  .delete('/keys/:id/providers/:provider', validator('param', keyProvider), async (c) => {
    const { id, provider } = c.req.valid('param');
    if (!(await deleteCredential(c.env, { kind: 'key', id }, provider))) throw notFound(`Key '${id}' has no ${provider} credential.`);
    return c.json({ provider, deleted: true });
  })
  .get('/tenants/:tenant/providers', validator('param', tenantScope), async (c) =>
    c.json({ object: 'list', data: await listCredentials(c.env, tenantOf(c.req.valid('param').tenant)) }),
  )
  .put('/tenants/:tenant/providers/:provider', validator('param', tenantProvider), validator('json', credentialBodySchema), async (c) => {
    const { tenant, provider } = c.req.valid('param');
    return c.json(await putCredential(c.env, tenantOf(tenant), provider, c.req.valid('json').apiKey));
  })
  .delete('/tenants/:tenant/providers/:provider', validator('param', tenantProvider), async (c) => {
    const { tenant, provider } = c.req.valid('param');
    if (!(await deleteCredential(c.env, tenantOf(tenant), provider))) throw notFound(`Tenant '${tenant}' has no ${provider} credential.`);
    return c.json({ provider, deleted: true });
  })
  .post('/credentials/rewrap', async (c) => c.json(await rewrapAll(c.env)));
