/**
 * The routes loaded on first use (src/routes/cold-routes.ts) are declared apart from their
 * sub-apps: every declared route must exist in its sub-app and every sub-app route must be
 * declared, or a route would fail at its first call or answer 404. And a lazily loaded route
 * behaves as a mounted one: its parameters, validators, variables and errors.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/lib/http/context';
import { coldRoutes } from '../../src/routes/cold-routes';
import { mountLazily, routeHandlers } from '../../src/routes/lazy-routes';
import { callWorker } from '../support/worker';

const declared = (routes: readonly string[]) => [...routes].sort();

describe('lazily loaded routes', () => {
  it.each(coldRoutes.map((group) => [group.routes[0], group] as const))('%s: the declared routes are the sub-app’s', async (_, group) => {
    const subApp = await group.load();
    const own = subApp.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
    expect(declared([...new Set(own)])).toEqual(declared(group.routes));
  });

  it('fails loudly when a declared route is not in the loaded module', async () => {
    const subApp = new Hono<AppEnv>().get('/here', (c) => c.text('ok'));
    expect(() => routeHandlers(subApp, 'GET', '/elsewhere')).toThrow('lazy route GET /elsewhere: not in the loaded module');
  });

  it('runs the sub-app’s middleware, validators and handler on the request’s own context, with its parameters', async () => {
    const sub = new Hono<AppEnv>()
      .use('*', async (c, next) => {
        c.header('x-from-middleware', 'yes');
        await next();
      })
      .get('/items/:id', (c) => c.json({ id: c.req.param('id'), requestId: c.get('requestId') }));
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('requestId', 'req_parent');
      await next();
    });
    let loads = 0;
    mountLazily(app, {
      base: '/things',
      routes: ['GET /items/:id'],
      load: async () => {
        loads++;
        return sub;
      },
    });
    for (const id of ['a', 'b']) {
      const response = await app.request(`/things/items/${id}`);
      expect(response.headers.get('x-from-middleware')).toBe('yes');
      expect(await response.json()).toEqual({ id, requestId: 'req_parent' });
    }
    expect(loads).toBe(1);
    expect((await app.request('/things/other')).status).toBe(404);
  });

  it('a cold route answers through the Worker, its errors in the gateway’s shape', async () => {
    const { response } = await callWorker('/v1/usage?group_by=week');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ error: { param: expect.stringContaining('group_by') } });
    const missing = await callWorker('/v1/usage', { method: 'PUT' });
    expect(missing.response.status).toBe(404);
  });
});
