/**
 * `GET /v1/ratelimit`: the calling key's own limits and remaining capacity, plus the same
 * `x-ratelimit-*` headers a chat response carries. Keys without limits get nulls.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { addResponseHeaders } from '../lib/http/response-headers';
import { limiterFor } from '../lib/limits/limiter-client';
import type { LimitStatus, WindowSnapshot } from '../lib/limits/limiter-types';
import { rateLimitHeaders } from '../lib/limits/rate-limit-response';

const unlimited: LimitStatus = { requests: null, tokens: null, concurrency: null, budget: null, queue: null };

const window = (snapshot: WindowSnapshot | null) =>
  snapshot && { limit: snapshot.limit, remaining: snapshot.remaining, reset_seconds: snapshot.resetMs / 1000 };

export const rateLimitRoutes = new Hono<AppEnv>().get('/v1/ratelimit', async (c) => {
  const key = c.get('key');
  const status = key.source === 'admin' ? ((await limiterFor(c.env, key.id).status()) ?? unlimited) : unlimited;
  addResponseHeaders(c, rateLimitHeaders({ requests: status.requests ?? undefined, tokens: status.tokens ?? undefined }));
  const { concurrency, budget, queue } = status;
  return c.json({
    object: 'ratelimit',
    key_id: key.id,
    requests_per_minute: window(status.requests),
    tokens_per_minute: window(status.tokens),
    concurrency: concurrency && { limit: concurrency.limit, in_use: concurrency.inUse },
    budget: budget && {
      limit_usd: budget.limitUsd,
      spent_usd: budget.spentUsd,
      reserved_usd: budget.reservedUsd,
      remaining_usd: Math.max(0, budget.limitUsd - budget.spentUsd - budget.reservedUsd),
      period: budget.period,
      resets_at: new Date(budget.resetsAt).toISOString(),
    },
    queue: queue && { max_wait_ms: queue.maxWaitMs, max_queued: queue.maxQueued, queued: queue.queued },
  });
});
