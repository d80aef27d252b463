import { retryAfterFromHeaders } from '../../lib/http/retry-after';
import { parseJsonData } from '../../lib/streams/sse';
import type { ParsedUpstreamError } from '../types';
import { errorBody } from './wire';

/** OpenAI-style error bodies, including OpenRouter's numeric codes and plain-text bodies. */
export function parseOpenAIError(status: number, body: string, headers: Headers): ParsedUpstreamError {
  const parsed = errorBody.safeParse(parseJsonData(body));
  const retryAfterMs = retryAfterFromHeaders(headers);
  if (!parsed.success) {
    return { message: body.slice(0, 500) || `HTTP ${status}`, retryAfterMs };
  }
  const error = parsed.data.error;
  if (typeof error === 'string') return { message: error, retryAfterMs };
  const code = error.code == null ? null : String(error.code);
  const message = error.message ?? `HTTP ${status}`;
  const result: ParsedUpstreamError = { message, code, param: error.param ?? null, retryAfterMs };
  // DeepSeek reports context overflow as a generic invalid_request_error (WIRE-NOTES §6).
  if (status === 400 && code !== 'context_length_exceeded' && /maximum context length|context length/i.test(message)) {
    result.code = 'context_length_exceeded';
  }
  return result;
}
