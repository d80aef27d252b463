/** `GET /health`: liveness plus which providers are configured (ids only, never credentials). */
import { Hono } from 'hono';
import { getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';

export const healthRoutes = new Hono<AppEnv>().get('/health', (c) => {
  const config = getConfig(c.env);
  return c.json({ status: 'ok', providers: [...config.providers.keys()], defaultProvider: config.defaultProvider ?? null });
});
