/** First middleware: request id, arrival time, error surface; `x-request-id` on every response. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Surface } from './context';

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Errors are rendered in the shape of the surface the path belongs to. */
export function surfaceForPath(path: string): Surface {
  return path === '/v1/messages' || path.startsWith('/v1/messages/') ? 'anthropic' : 'openai';
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = newRequestId();
  c.set('requestId', requestId);
  c.set('receivedAt', Date.now());
  c.set('surface', surfaceForPath(c.req.path));
  await next();
  const extra = c.get('responseHeaders');
  if (extra) for (const [name, value] of Object.entries(extra)) c.res.headers.set(name, value);
  c.res.headers.set('x-request-id', requestId);
});
