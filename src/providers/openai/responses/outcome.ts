/** Responses usage and status → canonical usage, finish reason and errors. */
import type { FinishReason, Usage } from '../../../lib/canonical';
import { type ErrorKind, GatewayError } from '../../../lib/http/errors';
import { scrubSecrets } from '../../../lib/http/upstream-errors';
import type { WireResponse, WireResponsesUsage } from './wire';

export function mapResponsesUsage(usage: WireResponsesUsage): Usage {
  const result: Usage = { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 };
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  if (cached > 0) result.cachedInputTokens = cached;
  if (reasoning > 0) result.reasoningTokens = reasoning;
  return result;
}

/**
 * `completed` → stop (tool_calls when the model called a function); `incomplete` → length for
 * `max_output_tokens`, content_filter for `content_filter`, length for anything else (the
 * answer was cut short either way).
 */
export function mapResponsesFinish(response: Pick<WireResponse, 'status' | 'incomplete_details'>, calledTools: boolean): FinishReason {
  if (response.status === 'incomplete') {
    return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  }
  return calledTools ? 'tool_calls' : 'stop';
}

const kindByCode: Record<string, ErrorKind> = {
  insufficient_quota: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  server_error: 'upstream',
  server_is_overloaded: 'overloaded',
  invalid_prompt: 'invalid_request',
  invalid_request_error: 'invalid_request',
  context_length_exceeded: 'invalid_request',
};

/** A failed response (`response.failed`, an `error` event, or status `failed` in JSON). */
export function responsesFailure(error: { code?: string | number | null; message?: string | null } | null | undefined): GatewayError {
  const code = error?.code == null ? 'upstream_stream_error' : String(error.code);
  const kind = kindByCode[code] ?? 'upstream';
  const message = scrubSecrets(error?.message || 'The provider reported that the response failed.');
  // Quota exhaustion is not helped by retrying the same key; other failures may be.
  const retryable = code !== 'insufficient_quota' && kind !== 'invalid_request';
  return new GatewayError(kind, message, { code, retryable });
}
