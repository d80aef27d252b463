/** `/admin/*`: the operator's API (auth accepts only SWITCHBOARD_ADMIN_TOKEN here). Bodies must be JSON objects. */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { jsonBodyGuard } from '../lib/http/route-validation';
import { adminCredentialRoutes } from './admin-credentials';
import { adminKeyRoutes } from './admin-keys';
import { adminProviderRoutes } from './admin-providers';

export const adminRoutes = new Hono<AppEnv>()
  .use('*', jsonBodyGuard)
  .route('/', adminKeyRoutes)
  .route('/', adminCredentialRoutes)
  .route('/', adminProviderRoutes);
