/**
 * `GET /v1/usage`: the calling key's usage from the ledger (the admin token: any key with
 * `key_id`, or every key), per day, model or key, as JSON or CSV.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/http/context';
import { GatewayError, invalidRequest } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { isAdminCaller } from '../lib/keys/auth';
import { usageCsv } from '../lib/usage/csv';
import { MAX_HOURLY_RANGE_DAYS } from '../lib/usage/hourly-ledger';
import { utcDay } from '../lib/usage/ledger-schema';
import { usagePdf } from '../lib/usage/pdf-report';
import { type UsageReport, usageReport } from '../lib/usage/report';
import * as z from '../lib/zod';

const DAY_MS = 86_400_000;
/** Widest report: a year, so an admin report over every key stays a bounded fan-out. */
export const MAX_USAGE_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

const day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD.'),
  z.refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && utcDay(Date.parse(`${value}T00:00:00Z`)) === value,
    'Not a calendar date.',
  ),
);

const usageQuery = z.strictObject({
  from: z.optional(day),
  to: z.optional(day),
  group_by: z._default(z.enum(['day', 'hour', 'model', 'key']), 'day'),
  format: z._default(z.enum(['json', 'csv', 'pdf']), 'json'),
  key_id: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/))),
});

export const usageRoutes = new Hono<AppEnv>().get('/v1/usage', validator('query', usageQuery), async (c) => {
  const query = c.req.valid('query');
  const caller = c.get('key');
  let keyId: string | null = caller.id;
  if (isAdminCaller(caller)) keyId = query.key_id ?? null;
  else if (query.key_id !== undefined && query.key_id !== caller.id) {
    throw new GatewayError('permission', 'A gateway key can only read its own usage.', { code: 'usage_forbidden', param: 'key_id' });
  }
  const to = query.to ?? utcDay(Date.now());
  const from = query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span < 1) throw invalidRequest("'from' must not be after 'to'.", 'from', 'invalid_range');
  if (span > MAX_USAGE_RANGE_DAYS)
    throw invalidRequest(`A usage report covers at most ${MAX_USAGE_RANGE_DAYS} days.`, 'from', 'invalid_range');
  if (query.group_by === 'hour' && span > MAX_HOURLY_RANGE_DAYS)
    throw invalidRequest(`An hourly usage report covers at most ${MAX_HOURLY_RANGE_DAYS} days.`, 'group_by', 'invalid_range');
  if (query.format === 'pdf') {
    const views = await Promise.all((['day', 'model', 'key'] as const).map((groupBy) => usageReport(c.env, { from, to, groupBy, keyId })));
    const [byDay, byModel, byKey] = views as [UsageReport, UsageReport, UsageReport];
    return c.body(usagePdf({ byDay, byModel, byKey }).buffer as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="usage-${from}-${to}.pdf"`,
    });
  }
  const report = await usageReport(c.env, { from, to, groupBy: query.group_by, keyId });
  if (query.format === 'csv') {
    return c.body(usageCsv(report), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="usage-${from}-${to}.csv"`,
    });
  }
  return c.json(report);
});
