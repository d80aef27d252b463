/**
 * One HTTP call to a provider, for every endpoint (chat, embeddings): network failures and
 * non-2xx answers become `UpstreamError`s here, once, through the adapter's error parser.
 */
import { GatewayError } from './errors';
import { networkError, toUpstreamError } from './upstream-errors';
import type { HttpRequestSpec, ProviderAdapter, Target } from '../providers/types';

export async function postToProvider(
  spec: HttpRequestSpec,
  target: Target,
  adapter: ProviderAdapter,
  signal?: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(spec.url, { method: 'POST', headers: spec.headers, body: spec.body, signal });
  } catch (cause) {
    if (signal?.aborted) throw new GatewayError('timeout', 'The request was cancelled before the provider answered.', { cause });
    throw networkError(target.provider, cause);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw toUpstreamError(target.provider, response.status, adapter.parseError(response.status, body, response.headers), target.apiKey);
  }
  return response;
}

export async function readProviderJson(response: Response, target: Target): Promise<unknown> {
  try {
    return await response.json();
  } catch (cause) {
    throw new GatewayError('upstream', `The ${target.provider} provider returned a body that is not JSON.`, {
      code: 'upstream_malformed_response',
      retryable: true,
      cause,
    });
  }
}
