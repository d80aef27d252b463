/** First middleware: request id, arrival time, error surface; `x-request-id` on every response. */
import { createMiddleware } from 'hono/factory';
import { formatTraceparent, traceContextFor } from '../telemetry/trace-context';
import type { AppEnv, Surface } from './context';

const REQUEST_ID = /^req_([0-9a-f]{12})[0-9a-f]{20}$/;

/**
 * `req_` + 32 hex digits: 12 of arrival time (ms since epoch) then 20 random. Ids therefore
 * sort by time, and an id alone tells which hour partition holds its archive (archive/paths.ts).
 */
export function newRequestId(now: number = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(10));
  let hex = '';
  for (const byte of random) hex += byte.toString(16).padStart(2, '0');
  return `req_${now.toString(16).padStart(12, '0')}${hex}`;
}

/** Arrival time encoded in a request id, or undefined when it is not one of ours. */
export function requestIdTime(requestId: string): number | undefined {
  const match = REQUEST_ID.exec(requestId);
  return match?.[1] ? Number.parseInt(match[1], 16) : undefined;
}

/** Errors are rendered in the shape of the surface the path belongs to. */
export function surfaceForPath(path: string): Surface {
  return path === '/v1/messages' || path.startsWith('/v1/messages/') ? 'anthropic' : 'openai';
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const receivedAt = Date.now();
  const requestId = newRequestId(receivedAt);
  c.set('requestId', requestId);
  c.set('receivedAt', receivedAt);
  c.set('surface', surfaceForPath(c.req.path));
  const trace = traceContextFor(c.req.raw.headers);
  c.set('trace', trace);
  await next();
  const extra = c.get('responseHeaders');
  if (extra) for (const [name, value] of Object.entries(extra)) c.res.headers.set(name, value);
  c.res.headers.set('x-request-id', requestId);
  c.res.headers.set('traceparent', formatTraceparent(trace));
});
