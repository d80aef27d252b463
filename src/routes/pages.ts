/**
 * The dashboard and playground pages: static files from `public/` (Workers static assets,
 * `[assets]` in wrangler.toml with `run_worker_first = true`, so every request reaches the
 * Worker first and this allow-list alone decides what is public). Mounted before auth: the
 * dashboard is its own sign-in page. It holds no data — the pages call the API with the key
 * the user types, like any other client — so "no API route answers without a key" stays true.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../lib/http/context';

/** Path prefixes served from `public/` without a credential: `/dashboard`, `/dashboard/…`, and so on. */
export const PUBLIC_PAGE_PREFIXES = ['/dashboard', '/playground', '/static'] as const;

/** Pages load only their own scripts and styles and talk only to this origin; no framing. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

export function isPublicPagePath(path: string): boolean {
  return PUBLIC_PAGE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export const publicPages = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') return next();
  // A browser opening the gateway's root lands on the sign-in page instead of a 401.
  if (c.req.path === '/') return c.redirect('/dashboard/', 302);
  // Without the ASSETS binding (e.g. a bare Miniflare bundle) these paths fall through to auth.
  if (!isPublicPagePath(c.req.path) || !c.env.ASSETS) return next();
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  // Assets' responses have immutable headers; copy so later middleware can add x-request-id.
  const response = new Response(asset.body, asset);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
  return response;
});
