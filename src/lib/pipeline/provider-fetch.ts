/**
 * One HTTP call to a provider, for every endpoint (chat, embeddings): network failures and
 * non-2xx answers become `UpstreamError`s here, once, through the adapter's error parser.
 * The archive's observer sees what was sent and what came back.
 */

import type { HttpRequestSpec, ProviderAdapter, Target } from '../../providers/types';
import { GatewayError } from '../http/errors';
import { networkError, toUpstreamError } from '../http/upstream-errors';
import type { ExchangeObserver } from './exchange-observer';

export interface ProviderCallOptions {
  signal?: AbortSignal | undefined;
  observer?: ExchangeObserver | undefined;
}

/** Why an aborted call stopped: the gateway's own reason (a timeout) or a client cancel. */
export function abortReason(signal: AbortSignal, cause: unknown): GatewayError {
  if (signal.reason instanceof GatewayError) return signal.reason;
  return new GatewayError('timeout', 'The request was cancelled before the provider answered.', { cause });
}

export async function postToProvider(
  spec: HttpRequestSpec,
  target: Target,
  adapter: ProviderAdapter,
  { signal, observer }: ProviderCallOptions = {},
): Promise<Response> {
  observer?.providerRequest(spec, target);
  let response: Response;
  try {
    response = await fetch(spec.url, { method: 'POST', headers: spec.headers, body: spec.body, signal });
  } catch (cause) {
    if (signal?.aborted) throw abortReason(signal, cause);
    throw networkError(target.provider, cause);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    observer?.providerResponse(response.status, response.headers, body);
    const parsed = adapter.parseError(response.status, body, response.headers);
    throw toUpstreamError(target.provider, response.status, parsed, target.apiKey, target.callerCredential ? 'caller' : 'gateway');
  }
  return response;
}

/** A provider's JSON answer, with its text (the same-dialect lane hands the text back as is). */
export async function readProviderBody(
  response: Response,
  target: Target,
  { signal, observer }: ProviderCallOptions = {},
): Promise<{ text: string; json: unknown }> {
  try {
    const text = await response.text();
    observer?.providerResponse(response.status, response.headers, text);
    return { text, json: JSON.parse(text) };
  } catch (cause) {
    if (signal?.aborted) throw abortReason(signal, cause);
    throw new GatewayError('upstream', `The ${target.provider} provider returned a body that is not JSON.`, {
      code: 'upstream_malformed_response',
      retryable: true,
      cause,
    });
  }
}

export async function readProviderJson(response: Response, target: Target, options: ProviderCallOptions = {}): Promise<unknown> {
  return (await readProviderBody(response, target, options)).json;
}
