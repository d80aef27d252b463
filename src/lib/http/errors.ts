/**
 * The gateway's two error families, rendered once in `app.onError` (see `error-response.ts`).
 *
 * - `GatewayError`: something the gateway decided (bad input, no key, unknown model, limit hit).
 * - `UpstreamError`: a provider answered with a failure; `retryable` is decided at construction.
 *
 * `message` is always safe to show a caller. Anything else goes to the log only.
 */

export const ErrorKind = {
  invalidRequest: 'invalid_request',
  authentication: 'authentication',
  permission: 'permission',
  notFound: 'not_found',
  requestTooLarge: 'request_too_large',
  rateLimit: 'rate_limit',
  upstream: 'upstream',
  overloaded: 'overloaded',
  timeout: 'timeout',
  internal: 'internal',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

const defaultStatus: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  upstream: 502,
  overloaded: 503,
  timeout: 504,
  internal: 500,
};

export interface GatewayErrorOptions {
  status?: number;
  /** Machine-readable code, e.g. `model_not_found`, `invalid_api_key`. */
  code?: string | null;
  /** The request field at fault, if any. */
  param?: string | null;
  headers?: Record<string, string>;
  retryable?: boolean;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly retryable: boolean;

  constructor(kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = options.status ?? defaultStatus[kind];
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.retryable = options.retryable ?? false;
  }
}

export const invalidRequest = (message: string, param?: string | null, code?: string) =>
  new GatewayError('invalid_request', message, { param, code });

export const notFound = (message: string, code = 'not_found') => new GatewayError('not_found', message, { code });

/** HTTP statuses after which trying again (same or other target) can help. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export interface UpstreamErrorOptions extends GatewayErrorOptions {
  provider: string;
  upstreamStatus: number;
  /** Provider's own hint of when to retry, normalised to milliseconds. */
  retryAfterMs?: number;
}

export class UpstreamError extends GatewayError {
  readonly provider: string;
  readonly upstreamStatus: number;
  readonly retryAfterMs: number | undefined;

  constructor(kind: ErrorKind, message: string, options: UpstreamErrorOptions) {
    super(kind, message, {
      ...options,
      retryable: options.retryable ?? isRetryableStatus(options.upstreamStatus),
    });
    this.name = 'UpstreamError';
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterMs = options.retryAfterMs;
  }
}
