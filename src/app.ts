/**
 * The Hono app: global middleware in request-path order, one route module per public
 * surface, one error handler. Authentication and body limits are global, never per route;
 * only the dashboard's static pages (routes/pages.ts) are answered before authentication.
 * The model-calling routes are imported here; every other route is loaded on its first call
 * (routes/cold-routes.ts), so an isolate does not parse it at start.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { clientTap } from './lib/archive/client-tap';
import { reportRejection } from './lib/archive/rejection';
import { type Config, getConfig } from './lib/config';
import { configGuard } from './lib/http/config-guard';
import type { AppEnv } from './lib/http/context';
import { errorResponse, toGatewayError } from './lib/http/error-response';
import { GatewayError } from './lib/http/errors';
import { hardenInput } from './lib/http/input-hardening';
import { requestContext } from './lib/http/request-context';
import { authenticate } from './lib/keys/auth';
import { defer } from './lib/pipeline/chat-pipeline';
import { chatRoutes } from './routes/chat';
import { coldRoutes } from './routes/cold-routes';
import { healthRoutes } from './routes/health';
import { mountLazily } from './routes/lazy-routes';
import { messagesRoutes } from './routes/messages';
import { publicPages } from './routes/pages';
import { responsesRoutes } from './routes/responses';

export const exposedHeaders = [
  'x-request-id',
  'traceparent',
  'x-switchboard-provider',
  'x-switchboard-model',
  'x-switchboard-attempts',
  'x-switchboard-cache',
  'x-switchboard-route',
  'x-switchboard-timeout-ms',
  'x-switchboard-invalid-tool-input',
  'x-switchboard-dropped-params',
  'retry-after',
  'retry-after-ms',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
];

/** CORS and body-limit middleware depend on config only: built once per config, not per request. */
const configured = new WeakMap<Config, { cors: MiddlewareHandler<AppEnv>; bodyLimit: MiddlewareHandler<AppEnv> }>();

function middlewareFor(config: Config) {
  let handlers = configured.get(config);
  if (!handlers) {
    handlers = {
      cors: cors({
        origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        exposeHeaders: exposedHeaders,
        maxAge: 86_400,
      }),
      bodyLimit: bodyLimit({
        maxSize: config.maxBodyBytes,
        onError: () => {
          throw new GatewayError('request_too_large', `The request body exceeds ${config.maxBodyBytes} bytes.`, {
            code: 'request_too_large',
          });
        },
      }),
    };
    configured.set(config, handlers);
  }
  return handlers;
}

export function buildApp() {
  const app = new Hono<AppEnv>();

  app.use('*', requestContext);
  // The dashboard's static pages: an explicit allow-list, the only answers before auth.
  app.use('*', publicPages);
  app.use('*', configGuard);
  app.use('*', (c, next) => middlewareFor(getConfig(c.env)).cors(c, next));
  app.use('*', authenticate);
  app.use('*', hardenInput);
  app.use('*', clientTap);
  app.use('*', (c, next) => middlewareFor(getConfig(c.env)).bodyLimit(c, next));

  // The request path: imported statically, parsed at the isolate's start.
  app.route('/', healthRoutes);
  app.route('/', chatRoutes);
  app.route('/', messagesRoutes);
  app.route('/', responsesRoutes);
  // Everything else: loaded on first use (routes/cold-routes.ts).
  for (const group of coldRoutes) mountLazily(app, group);

  app.notFound((c) =>
    errorResponse(c, new GatewayError('not_found', `No route for ${c.req.method} ${c.req.path}.`, { code: 'unknown_route' })),
  );
  app.onError((thrown, c) => {
    const error = toGatewayError(thrown);
    reportRejection(c, error, (work) => defer(c, work));
    return errorResponse(c, error);
  });
  return app;
}
