/**
 * The routes a proxied chat, messages or responses request never runs, loaded on first use
 * (lazy-routes.ts) from one module, src/cold-paths.ts. Each group lists its sub-app's routes
 * as the sub-app declares them; test/unit/lazy-routes-unit.test.ts checks the lists against
 * the sub-apps.
 */
import { METRICS_PATH } from '../lib/keys/auth';
import type { LazyRouteGroup } from './lazy-routes';

const coldPaths = () => import('../cold-paths');

export const coldRoutes: readonly LazyRouteGroup[] = [
  { base: '/', routes: [`GET ${METRICS_PATH}`], load: async () => (await coldPaths()).metricsRoutes },
  { base: '/', routes: ['GET /v1/models', 'GET /v1/models/:id{.+}'], load: async () => (await coldPaths()).modelRoutes },
  { base: '/', routes: ['GET /v1/usage'], load: async () => (await coldPaths()).usageRoutes },
  { base: '/', routes: ['GET /v1/logs', 'GET /v1/logs/:request_id'], load: async () => (await coldPaths()).logRoutes },
  { base: '/', routes: ['POST /v1/embeddings'], load: async () => (await coldPaths()).embeddingsRoutes },
  {
    base: '/',
    routes: ['POST /v1/messages/count_tokens', 'POST /v1/responses/input_tokens'],
    load: async () => (await coldPaths()).countTokensRoutes,
  },
  {
    base: '/',
    routes: ['GET /v1/responses/:id', 'DELETE /v1/responses/:id', 'GET /v1/responses/:id/input_items'],
    load: async () => (await coldPaths()).storedResponseRoutes,
  },
  {
    base: '/',
    routes: ['GET /v1/cache/stats', 'GET /admin/cache/stats', 'DELETE /admin/cache'],
    load: async () => (await coldPaths()).cacheRoutes,
  },
  {
    base: '/',
    routes: ['POST /v1/sessions', 'GET /v1/sessions', 'GET /v1/sessions/:id', 'DELETE /v1/sessions/:id'],
    load: async () => (await coldPaths()).sessionRoutes,
  },
  {
    base: '/',
    routes: ['GET /v1/templates', 'PUT /v1/templates/:name', 'GET /v1/templates/:name', 'DELETE /v1/templates/:name'],
    load: async () => (await coldPaths()).templateRoutes,
  },
  { base: '/', routes: ['GET /v1/ratelimit'], load: async () => (await coldPaths()).rateLimitRoutes },
  {
    base: '/admin',
    routes: [
      'POST /keys',
      'GET /keys',
      'GET /keys/:id',
      'PATCH /keys/:id',
      'POST /keys/:id/rotate',
      'DELETE /keys/:id',
      'GET /keys/:id/providers',
      'PUT /keys/:id/providers/:provider',
      'DELETE /keys/:id/providers/:provider',
      'GET /tenants/:tenant/providers',
      'PUT /tenants/:tenant/providers/:provider',
      'DELETE /tenants/:tenant/providers/:provider',
      'POST /credentials/rewrap',
      'POST /providers/:name/test',
    ],
    load: async () => (await coldPaths()).adminRoutes,
  },
];
