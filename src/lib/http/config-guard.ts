/**
 * A bad SWITCHBOARD_CONFIG, seen from outside: `GET /health` answers 503 naming the bad field
 * (so a monitor sees it), to any valid credential. Every other request still fails with the same
 * message (500 `gateway_misconfigured`) from wherever it first reads the config. Mounted before
 * CORS, the first middleware that reads the config.
 */
import { createMiddleware } from 'hono/factory';
import { getConfig } from '../config';
import { authenticate } from '../keys/auth';
import type { AppEnv } from './context';
import { GatewayError } from './errors';

export const configGuard = createMiddleware<AppEnv>(async (c, next) => {
  try {
    getConfig(c.env);
  } catch (error) {
    const isHealth = c.req.path === '/health' && c.req.method === 'GET';
    if (!isHealth || !(error instanceof GatewayError) || error.code !== 'gateway_misconfigured') throw error;
    // The same credential check as any other request (throws a 401 without a valid one).
    await authenticate(c, async () => {});
    return c.json({ status: 'misconfigured', error: { message: error.message, code: error.code, field: error.param } }, 503);
  }
  return next();
});
