/**
 * Gemini errors are `google.rpc.Status` (WIRE-NOTES §5): the kind comes from `status`, not
 * from the HTTP code. A bad API key is a 400 INVALID_ARGUMENT whose ErrorInfo reason is
 * API_KEY_INVALID; a 429's retry hint is `RetryInfo.retryDelay` in the body, not a header.
 */
import type { ErrorKind } from '../../lib/http/errors';
import { parseProtoDuration, retryAfterFromHeaders } from '../../lib/http/retry-after';
import { parseJsonData } from '../../lib/streams/sse';
import type { ParsedUpstreamError } from '../types';
import { statusBody, type WireStatus } from './wire';

const KIND_BY_STATUS: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'upstream',
};

const KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED']);
const CONTEXT_OVERFLOW = /input token count .* exceeds the maximum|exceeds the maximum number of tokens/i;

export function parsedGeminiStatus(status: WireStatus): ParsedUpstreamError {
  const details = status.details ?? [];
  const reason = details.find((detail) => detail['@type']?.endsWith('google.rpc.ErrorInfo'))?.reason ?? undefined;
  const retryDelay = details.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const message = status.message ?? `Gemini answered ${status.status ?? status.code ?? 'an error'}.`;
  const result: ParsedUpstreamError = { message, code: status.status?.toLowerCase() ?? null };
  const kind = reason && KEY_REASONS.has(reason) ? 'authentication' : status.status ? KIND_BY_STATUS[status.status] : undefined;
  if (kind) result.kind = kind;
  if (kind === 'rate_limit') result.code = 'rate_limit_exceeded';
  if (kind === 'invalid_request' && CONTEXT_OVERFLOW.test(message)) result.code = 'context_length_exceeded';
  const retryAfterMs = parseProtoDuration(retryDelay);
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

export function parseGeminiError(status: number, body: string, headers: Headers): ParsedUpstreamError {
  const json = parseJsonData(body);
  // streamGenerateContent without alt=sse wraps even its errors in an array.
  const parsed = statusBody.safeParse(Array.isArray(json) ? json[0] : json);
  if (!parsed.success) return { message: body.slice(0, 500) || `HTTP ${status}`, retryAfterMs: retryAfterFromHeaders(headers) };
  const result = parsedGeminiStatus(parsed.data.error);
  result.retryAfterMs ??= retryAfterFromHeaders(headers);
  return result;
}
