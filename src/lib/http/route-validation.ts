/**
 * Validation as Hono route middleware, for the routes that read query strings, path parameters
 * or admin bodies (all loaded on first use, routes/cold-routes.ts): `validator` (zValidator with
 * the gateway's 400, validation.ts) and `jsonBodyGuard`. The model-calling routes read their
 * bodies with `readJson` and `validate` instead, so the request path does not carry this.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type * as z from '../zod';
import { GatewayError } from './errors';
import { checkJsonText } from './input-hardening';
import { issueToError } from './validation';

/** `zValidator` with the project's error: for query strings, params and admin bodies. */
export function validator<T extends z.ZodMiniType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw issueToError(result.error.issues[0] as z.core.$ZodIssue | undefined);
  });
}

const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Put before `validator('json', …)` on admin routes: a body that is not a JSON object is a
 * 400 saying so (alone, the validator reads a non-JSON body as `{}` and malformed JSON as a 500).
 * An empty body passes, for endpoints whose body is optional.
 */
export const jsonBodyGuard = createMiddleware(async (c, next) => {
  if (c.req.method !== 'POST' && c.req.method !== 'PUT' && c.req.method !== 'PATCH') return next();
  const bytes = await c.req.raw.clone().arrayBuffer();
  if (bytes.byteLength === 0) return next();
  if (!jsonType.test(c.req.header('content-type') ?? '')) {
    throw new GatewayError('invalid_request', 'Send the request body as JSON with "content-type: application/json".', {
      code: 'invalid_content_type',
    });
  }
  let body: unknown;
  const text = new TextDecoder().decode(bytes);
  checkJsonText(text);
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not valid JSON.', { code: 'invalid_json' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.', { code: 'invalid_json' });
  }
  return next();
});
