/**
 * `GET /metrics`: Prometheus text exposition of the gateway's counters (docs/observability.md).
 * Authentication (admin token or `SWITCHBOARD_METRICS_TOKEN`, never a gateway key) is global, in
 * lib/keys/auth.ts.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { METRICS_PATH } from '../lib/keys/auth';
import { gatherMetrics } from '../lib/telemetry/metrics-source';
import { renderMetrics } from '../lib/telemetry/prometheus';

export const metricsRoutes = new Hono<AppEnv>().get(METRICS_PATH, async (c) =>
  c.body(renderMetrics(await gatherMetrics(c.env)), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
);
