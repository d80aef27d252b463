/**
 * One chat attempt against one provider: resolve the target, build the provider request,
 * fetch it, and hand back either a canonical result or a canonical event stream.
 * Provider failures become `UpstreamError`s here, once, for every adapter.
 */
import type { ChatRequest, ChatResult } from './canonical';
import type { Config } from './config';
import { GatewayError } from './errors';
import { type ResolvedModel, resolveFailureToError, resolveModel } from './model-resolution';
import { type DecodedStream, decodeProviderStream } from './stream-pipeline';
import { networkError, toUpstreamError } from './upstream-errors';
import { adapters } from '../providers/registry';
import type { ProviderAdapter, Target } from '../providers/types';

export type ChatOutcome =
  | { kind: 'result'; result: ChatResult; target: Target; attempts: number }
  | { kind: 'stream'; stream: DecodedStream; target: Target; attempts: number };

export function adapterFor(target: Target): ProviderAdapter {
  const adapter = adapters[target.adapter];
  if (!adapter) {
    throw new GatewayError('invalid_request', `Provider '${target.provider}' is not supported by this build.`, {
      code: 'provider_not_supported',
    });
  }
  return adapter;
}

export function toTarget({ provider, model }: ResolvedModel): Target {
  return {
    provider: provider.id,
    adapter: provider.adapter,
    model,
    baseUrl: provider.baseUrl,
    apiKey: provider.apiKey,
    options: provider.options,
  };
}

export function targetFor(model: string, config: Config): Target {
  const resolved = resolveModel(model, config);
  if (!resolved.ok) throw resolveFailureToError(resolved.error);
  return toTarget(resolved.value);
}

export async function callChat(request: ChatRequest, target: Target, signal?: AbortSignal): Promise<ChatOutcome> {
  const adapter = adapterFor(target);
  const spec = adapter.chat.buildRequest(request, target);
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
  if (request.stream) {
    if (!response.body) throw networkError(target.provider, new Error('empty stream body'));
    const stream = decodeProviderStream(response.body, adapter.chat.createStreamDecoder(target), { provider: target.provider });
    return { kind: 'stream', stream, target, attempts: 1 };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw new GatewayError('upstream', `The ${target.provider} provider returned a body that is not JSON.`, {
      code: 'upstream_malformed_response',
      retryable: true,
      cause,
    });
  }
  return { kind: 'result', result: adapter.chat.parseResponse(json, target), target, attempts: 1 };
}
