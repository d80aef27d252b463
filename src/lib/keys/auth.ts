/**
 * Global authentication: every route needs a credential, checked here and nowhere else.
 * `/admin` needs the admin token and refuses gateway keys; everything else needs a gateway
 * key, except a short allow-list of read-only reports that also accept the admin token
 * (the admin reads them across keys). Only CORS preflights pass without a credential.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/context';
import { GatewayError } from '../http/errors';
import { isAdmittedRoute } from '../limits/admission';
import { limiterFor } from '../limits/limiter-client';
import { refusalError } from '../limits/rate-limit-response';
import { digestsEqual, sha256 } from './crypto';
import type { GatewayKey } from './gateway-key';
import { lookupKey, presentedKey } from './keys';

const missingKey = () =>
  new GatewayError('authentication', 'Missing gateway key. Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".', {
    code: 'missing_api_key',
  });
const invalidKey = () => new GatewayError('authentication', 'Invalid gateway key.', { code: 'invalid_api_key' });
/** A valid credential of the other kind: say so, rather than call it invalid. */
const wrongCredential = (needed: string) =>
  new GatewayError('permission', `This credential cannot be used here: this route needs ${needed}.`, {
    code: 'credential_not_allowed_here',
  });

/** `GET /metrics` takes the admin token or the scrapers' own token, never a gateway key. */
export const METRICS_PATH = '/metrics';

async function isMetricsCredential(env: Env, presented: string): Promise<boolean> {
  if (await isAdminToken(env, presented)) return true;
  const scraper = env.SWITCHBOARD_METRICS_TOKEN;
  return scraper ? digestsEqual(await sha256(presented), await sha256(scraper)) : false;
}

export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/** `GET` paths outside `/admin` where the admin token is accepted too. Read-only, listed one by one. */
export const ADMIN_READABLE_PATHS: ReadonlySet<string> = new Set(['/v1/usage']);

const adminCaller: GatewayKey = { id: 'admin', name: 'admin', source: 'admin' };

/** The caller presented the admin token (gateway key ids always start with `key_`). */
export function isAdminCaller(key: GatewayKey): boolean {
  return key.id === adminCaller.id;
}

export async function isAdminToken(env: Env, presented: string): Promise<boolean> {
  const expected = env.SWITCHBOARD_ADMIN_TOKEN;
  if (!expected) return false;
  return digestsEqual(await sha256(presented), await sha256(expected));
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') return next();
  const presented = presentedKey(c.req.raw.headers);
  if (!presented) throw missingKey();
  if (isAdminPath(c.req.path)) {
    if (!(await isAdminToken(c.env, presented))) {
      throw (await lookupKey(c.env, presented)) ? wrongCredential('the admin token, not a gateway key') : invalidKey();
    }
    c.set('key', adminCaller);
    return next();
  }
  if (c.req.path === METRICS_PATH) {
    if (!(await isMetricsCredential(c.env, presented))) {
      throw new GatewayError(
        'authentication',
        '/metrics needs the admin token or SWITCHBOARD_METRICS_TOKEN; gateway keys cannot read it.',
        {
          code: 'invalid_metrics_token',
        },
      );
    }
    c.set('key', adminCaller);
    return next();
  }
  if (c.req.method === 'GET' && ADMIN_READABLE_PATHS.has(c.req.path) && (await isAdminToken(c.env, presented))) {
    c.set('key', adminCaller);
    return next();
  }
  const found = await lookupKey(c.env, presented);
  if (!found) throw (await isAdminToken(c.env, presented)) ? wrongCredential('a gateway key, not the admin token') : invalidKey();
  const { key, credentialHash } = found;
  // Admitted routes ask the key's KeyLimiter in their one admission round trip; every other
  // route asks here, so a revoked or expired key is refused everywhere from the next request.
  if (key.source === 'admin' && !isAdmittedRoute(c.req.method, c.req.path)) {
    const check = await limiterFor(c.env, key.id).verify(credentialHash);
    if (check !== 'ok') throw refusalError({ kind: check });
  }
  c.set('key', key);
  c.set('credentialHash', credentialHash);
  return next();
});
