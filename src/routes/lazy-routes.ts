/**
 * Routes whose code is loaded on an isolate's first call, not at its start (issue 15: what an
 * isolate parses at start stays under 100 KB gzip). A route module keeps its Hono sub-app
 * (validators, handlers, `.use('*')` middleware) and is reached through `import()` only, so the
 * build (scripts/build-worker.mjs) puts it in a chunk of its own.
 *
 * The methods and paths are declared here, where the sub-app is mounted, so that routing, a 404
 * and the global middleware never load anything. On the first call the sub-app's handlers for that
 * method and path run on the request's own Context, as `app.route()` would run them: the same
 * variables, parameters, response headers and error handler. A declared route the sub-app lacks
 * fails loudly (test/unit/lazy-routes-unit.test.ts checks both lists match).
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { AppEnv } from '../lib/http/context';

export type LazyRoute = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export interface LazyRouteGroup {
  /** Where the sub-app is mounted (`app.route(base, subApp)`). */
  base: string;
  /** Every route of the sub-app, as `METHOD /path` relative to `base`. */
  routes: readonly LazyRoute[];
  load: () => Promise<Hono<AppEnv>>;
}

/** Hono's method name for `.use()` middleware. */
const ALL = 'ALL';

/** The sub-app's handlers for one route, in registration order, its `.use('*')` middleware included. */
export function routeHandlers(subApp: Hono<AppEnv>, method: string, path: string): MiddlewareHandler<AppEnv>[] {
  const matching = subApp.routes.filter(
    (route) => (route.method === method && route.path === path) || (route.method === ALL && route.path === '/*'),
  );
  if (!matching.some((route) => route.method === method)) throw new Error(`lazy route ${method} ${path}: not in the loaded module`);
  return matching.map((route) => route.handler as MiddlewareHandler<AppEnv>);
}

const joinPath = (base: string, path: string) => (base === '/' ? path : `${base}${path}`);

/** Register each route of `group` on `app`, its handlers loaded on first use (once per isolate). */
export function mountLazily(app: Hono<AppEnv>, group: LazyRouteGroup): void {
  let loading: Promise<Hono<AppEnv>> | undefined;
  const load = () => {
    loading ??= group.load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  for (const route of group.routes) {
    const [method, path] = route.split(' ') as [string, string];
    let handler: MiddlewareHandler<AppEnv> | undefined;
    app.on(method, joinPath(group.base, path), async (c, next) => {
      handler ??= every(...routeHandlers(await load(), method, path));
      return handler(c, next);
    });
  }
}
