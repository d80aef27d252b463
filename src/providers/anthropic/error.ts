/**
 * Anthropic error bodies `{"type":"error","error":{"type","message"},"request_id"}`
 * (HTTP errors and mid-stream `event: error` alike) and its retry hints (WIRE-NOTES §4, §6).
 */
import type { ErrorKind } from '../../lib/http/errors';
import { parseRetryAfter, parseTimestamp } from '../../lib/http/retry-after';
import { parseJsonData } from '../../lib/streams/sse';
import type { ParsedUpstreamError } from '../types';
import { errorBody } from './wire';

const kindByType: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  // Billing is the gateway operator's account, not the caller's request: handled like credentials.
  billing_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  api_error: 'upstream',
};

/** Anthropic's wordings for a prompt that does not fit the model's context window. */
const contextLength = /prompt is too long|context limit|context window|context length/i;

export function anthropicErrorKind(type: string | null | undefined): ErrorKind | undefined {
  return type ? kindByType[type] : undefined;
}

export function isContextLengthMessage(message: string): boolean {
  return contextLength.test(message);
}

const limitNames = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * `retry-after` (seconds) when sent; otherwise, on a 429, the latest RFC 3339 reset among the
 * exhausted limits (remaining 0), or the earliest reset when none says it is exhausted.
 */
export function anthropicRetryAfter(status: number, headers: Headers, now = Date.now()): number | undefined {
  const explicit = parseRetryAfter(headers.get('retry-after'), now);
  if (explicit !== undefined || status !== 429) return explicit;
  let exhausted: number | undefined;
  let earliest: number | undefined;
  for (const name of limitNames) {
    const reset = parseTimestamp(headers.get(`anthropic-ratelimit-${name}-reset`), now);
    if (reset === undefined) continue;
    earliest = earliest === undefined ? reset : Math.min(earliest, reset);
    if (headers.get(`anthropic-ratelimit-${name}-remaining`) === '0') exhausted = Math.max(exhausted ?? 0, reset);
  }
  return exhausted ?? earliest;
}

export function parseAnthropicError(status: number, body: string, headers: Headers): ParsedUpstreamError {
  const retryAfterMs = anthropicRetryAfter(status, headers);
  const parsed = errorBody.safeParse(parseJsonData(body));
  if (!parsed.success) return { message: body.slice(0, 500) || `HTTP ${status}`, retryAfterMs };
  const { type, message: text } = parsed.data.error;
  const message = text ?? `HTTP ${status}`;
  const result: ParsedUpstreamError = { message, kind: anthropicErrorKind(type), code: type ?? null, retryAfterMs };
  if (status === 400 && isContextLengthMessage(message)) result.code = 'context_length_exceeded';
  return result;
}
