/**
 * `GET /v1/logs`: the calling key's archived requests by time range, oldest first, paged
 * with `cursor`; `GET /v1/logs/:request_id`: one archive, decoded. A key only ever sees its
 * own archives: another key's request id is simply not found.
 */
import { Hono } from 'hono';
import { listLogs, readLog } from '../lib/archive/read';
import type { AppEnv } from '../lib/http/context';
import { invalidRequest } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import * as z from '../lib/zod';

const DAY_MS = 86_400_000;
const MAX_PAGE = 1000;
const requestId = z.string().check(z.regex(/^req_[0-9a-f]{32}$/, 'Expected a request id (req_ and 32 hex digits).'));

/** A date (`YYYY-MM-DD`, the whole UTC day) or an ISO 8601 date-time. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const listQuery = z.strictObject({
  from: z.optional(instant),
  to: z.optional(instant),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE)), 100),
  cursor: z.optional(requestId),
});

function startOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function endOf(value: string): number {
  return value.length === 10 ? Date.parse(`${value}T00:00:00Z`) + DAY_MS - 1 : Date.parse(value);
}

export const logRoutes = new Hono<AppEnv>()
  .get('/v1/logs', validator('query', listQuery), async (c) => {
    const query = c.req.valid('query');
    const to = query.to ? endOf(query.to) : Date.now();
    const from = query.from ? startOf(query.from) : 0;
    if (from > to) throw invalidRequest("'from' must not be after 'to'.", 'from', 'invalid_range');
    return c.json(await listLogs(c.env, c.get('key').id, { from, to, limit: query.limit, cursor: query.cursor }));
  })
  .get('/v1/logs/:request_id', async (c) => {
    return c.json(await readLog(c.env, c.get('key').id, c.req.param('request_id')));
  });
