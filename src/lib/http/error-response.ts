/**
 * Renders any error in the shape of the surface that was called (DESIGN "public contract").
 * Unknown errors become a generic 500 whose details go to the log only.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, Surface } from './context';
import { type ErrorKind, GatewayError } from './errors';

const openaiType: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'permission_error',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream: 'upstream_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
  internal: 'server_error',
};

const anthropicType: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  internal: 'api_error',
};

export function errorBody(error: GatewayError, surface: Surface, requestId: string): Record<string, unknown> {
  if (surface === 'anthropic') {
    return { type: 'error', error: { type: anthropicType[error.kind], message: error.message }, request_id: requestId };
  }
  return { error: { message: error.message, type: openaiType[error.kind], param: error.param, code: error.code } };
}

/** The public form of any thrown value. */
export function toGatewayError(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown;
  // Hono's own 4xx (e.g. its JSON validator on an unparsable body) is the caller's mistake, not a 500.
  if (thrown instanceof HTTPException && thrown.status < 500) {
    return new GatewayError('invalid_request', thrown.message || 'Invalid request.', { status: thrown.status, code: 'invalid_request' });
  }
  return new GatewayError('internal', 'The gateway failed to handle this request.', { code: 'internal_error', cause: thrown });
}

export function errorResponse(c: Context<AppEnv>, thrown: unknown): Response {
  const error = toGatewayError(thrown);
  const requestId = c.get('requestId') ?? 'unknown';
  if (error.kind === 'internal') {
    // Details for the operator only; never echoed to the caller.
    const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause ?? error.message);
    console.error(JSON.stringify({ level: 'error', requestId, error: cause }));
  }
  const surface = c.get('surface') ?? 'openai';
  const headers = new Headers(error.headers);
  headers.set('content-type', 'application/json');
  headers.set('x-request-id', requestId);
  headers.set('x-should-retry', String(error.retryable));
  return new Response(JSON.stringify(errorBody(error, surface, requestId)), { status: error.status, headers });
}
