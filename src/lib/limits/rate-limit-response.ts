/**
 * How limits show to clients: OpenAI's `x-ratelimit-*` header family on every admitted or
 * refused request, and 429s with `retry-after` that the OpenAI and Anthropic SDKs obey.
 */
import { GatewayError } from '../http/errors';
import type { AdmitResult, RateSnapshot } from './limiter-types';

export const RateLimitHeader = {
  limitRequests: 'x-ratelimit-limit-requests',
  remainingRequests: 'x-ratelimit-remaining-requests',
  resetRequests: 'x-ratelimit-reset-requests',
  limitTokens: 'x-ratelimit-limit-tokens',
  remainingTokens: 'x-ratelimit-remaining-tokens',
  resetTokens: 'x-ratelimit-reset-tokens',
  retryAfter: 'retry-after',
  retryAfterMs: 'retry-after-ms',
} as const;

/** OpenAI's reset format, a Go duration: `250ms`, `12s`, `1m30s`, `6m0s`. */
export function formatResetDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const minutes = Math.floor(rounded / 60_000);
  const seconds = Number(((rounded - minutes * 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

export function rateLimitHeaders(snapshot: RateSnapshot): Record<string, string> {
  const headers: Record<string, string> = {};
  if (snapshot.requests) {
    headers[RateLimitHeader.limitRequests] = String(snapshot.requests.limit);
    headers[RateLimitHeader.remainingRequests] = String(snapshot.requests.remaining);
    headers[RateLimitHeader.resetRequests] = formatResetDuration(snapshot.requests.resetMs);
  }
  if (snapshot.tokens) {
    headers[RateLimitHeader.limitTokens] = String(snapshot.tokens.limit);
    headers[RateLimitHeader.remainingTokens] = String(snapshot.tokens.remaining);
    headers[RateLimitHeader.resetTokens] = formatResetDuration(snapshot.tokens.resetMs);
  }
  return headers;
}

/** `retry-after` in whole seconds (at least 1, what every client parses) plus OpenAI's `retry-after-ms`. */
export function retryHeaders(retryAfterMs: number): Record<string, string> {
  const ms = Math.max(0, Math.ceil(retryAfterMs));
  return { [RateLimitHeader.retryAfter]: String(Math.max(1, Math.ceil(ms / 1000))), [RateLimitHeader.retryAfterMs]: String(ms) };
}

const perMinute = { requests: 'requests per minute (RPM)', tokens: 'tokens per minute (TPM)' } as const;

/** The public error for a refused admission (every result but `admitted`). */
export function refusalError(result: Exclude<AdmitResult, { kind: 'admitted' }>, now = Date.now()): GatewayError {
  switch (result.kind) {
    case 'revoked':
      return new GatewayError('authentication', 'This gateway key has been revoked.', { code: 'api_key_revoked' });
    case 'unknown-credential':
      return new GatewayError('authentication', 'Invalid gateway key.', { code: 'invalid_api_key' });
    case 'too-large':
      return new GatewayError(
        'rate_limit',
        `This request needs an estimated ${result.tokens} tokens (prompt + max output), more than this key's limit of ${result.limitValue} ${perMinute.tokens}. Lower max_tokens or shorten the prompt.`,
        { code: 'tokens_exceed_limit', param: 'max_tokens', retryable: false },
      );
    case 'budget-exhausted':
      return new GatewayError(
        'rate_limit',
        `This gateway key has used its budget of $${result.budgetUsd} for the current period (committed $${result.committedUsd.toFixed(6)}); it resets at ${new Date(result.resetAt).toISOString()}.`,
        { code: 'budget_exceeded', retryable: false, headers: retryHeaders(result.resetAt - now) },
      );
    case 'limited': {
      const queue = result.queueFull ? ' and its wait queue is full' : '';
      const wait = formatResetDuration(result.retryAfterMs);
      const message =
        result.limit === 'concurrency'
          ? `Too many concurrent requests for this gateway key (limit ${result.limitValue})${queue}. Try again when a request finishes.`
          : `Rate limit reached for ${perMinute[result.limit]} on this gateway key: limit ${result.limitValue}${queue}. Please try again in ${wait}.`;
      const code = result.limit === 'concurrency' ? 'concurrency_limit_exceeded' : 'rate_limit_exceeded';
      return new GatewayError('rate_limit', message, { code, retryable: true, headers: retryHeaders(result.retryAfterMs) });
    }
  }
}
