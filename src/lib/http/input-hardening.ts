/**
 * The one input-hardening layer (issue 14): hostile input gets a 4xx before any work.
 *  - `hardenInput`, global middleware after authentication: the gateway's own request headers
 *    (`x-switchboard-*`) bounded in length and free of control characters; the route header
 *    limited in length and target count, each target a valid model id; documented header
 *    values exact (`x-switchboard-cache: ON` or an empty value is a 400, not a guess).
 *  - `checkJsonBody`, run by the one JSON body reader every surface uses (validation.ts):
 *    a nesting limit on the raw text before parsing, and the body's `model` checked as a
 *    model id before routing, caching or any upstream call.
 * Every refusal is a 400 naming the header or field, in the surface's error shape.
 */
import { createMiddleware } from 'hono/factory';
import { modelIdProblem } from '../models/model-id';
import type { AppEnv } from './context';
import { invalidRequest } from './errors';
import { assertJsonDepth } from './json-depth';

const GATEWAY_PREFIX = 'x-switchboard-';
/** Any `x-switchboard-*` request header (template variables are the longest legitimate one). */
export const MAX_GATEWAY_HEADER_LENGTH = 16 * 1024;
/** The route header: a route name or up to `MAX_ROUTE_TARGETS` `provider/model` ids. */
export const MAX_ROUTE_HEADER_LENGTH = 2048;
export const MAX_ROUTE_TARGETS = 16;

/** C0 control characters and DEL; HTAB (legal in a header value) only when `allowTab`. */
function hasControlCharacter(value: string, allowTab: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && !(allowTab && code === 0x09)) || code === 0x7f) return true;
  }
  return false;
}

/** Header values with a documented, exact set (README "Headers"). */
const exactValues: Record<string, readonly string[]> = {
  'x-switchboard-cache': ['on', 'off', 'bypass', 'refresh', 'force'],
};

function checkRouteHeader(value: string): void {
  const header = 'x-switchboard-route';
  if (value.length > MAX_ROUTE_HEADER_LENGTH || hasControlCharacter(value, false)) {
    throw invalidRequest(
      `Header ${header} must be at most ${MAX_ROUTE_HEADER_LENGTH} characters without control characters.`,
      header,
      'invalid_header',
    );
  }
  const targets = value.split(',').map((entry) => entry.trim());
  if (targets.length > MAX_ROUTE_TARGETS) {
    throw invalidRequest(`Header ${header} names more than ${MAX_ROUTE_TARGETS} targets.`, header, 'invalid_header');
  }
  for (const target of targets) {
    const problem = modelIdProblem(target);
    if (problem) throw invalidRequest(`Header ${header}: each target ${problem}.`, header, 'invalid_header');
  }
}

export const hardenInput = createMiddleware<AppEnv>(async (c, next) => {
  for (const [name, value] of c.req.raw.headers) {
    if (!name.startsWith(GATEWAY_PREFIX)) continue;
    if (value.length > MAX_GATEWAY_HEADER_LENGTH || hasControlCharacter(value, true)) {
      throw invalidRequest(
        `Header ${name} must be at most ${MAX_GATEWAY_HEADER_LENGTH} characters without control characters.`,
        name,
        'invalid_header',
      );
    }
    const allowed = exactValues[name];
    if (allowed && !allowed.includes(value)) {
      throw invalidRequest(`Header ${name} must be exactly one of: ${allowed.join(', ')}.`, name, 'invalid_header');
    }
    if (name === 'x-switchboard-route') checkRouteHeader(value);
  }
  return next();
});

/** Before parsing: the nesting limit. */
export function checkJsonText(text: string): void {
  assertJsonDepth(text);
}

/** After parsing: a `model` the body names is a valid model id. */
export function checkJsonValue(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const model = (value as { model?: unknown }).model;
  if (typeof model !== 'string') return;
  const problem = modelIdProblem(model);
  if (problem) throw invalidRequest(`Invalid value for 'model': a model id ${problem}.`, 'model', 'invalid_model_id');
}
