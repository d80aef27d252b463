/**
 * Headers that must ride on every response of a request, errors included (rate-limit family,
 * gateway facts). Steps add them to `c.var.responseHeaders`; `request-context` applies them last.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context';

export function addResponseHeaders(c: Context<AppEnv>, headers: Record<string, string>): void {
  const current = c.get('responseHeaders');
  c.set('responseHeaders', current ? { ...current, ...headers } : headers);
}
