/**
 * One chat attempt against one provider: resolve the target, build the provider request,
 * fetch it, and hand back either a canonical result or a canonical event stream.
 * Provider failures become `UpstreamError`s here, once, for every adapter.
 */

import { adapters, loadAdapters } from '../../providers/registry';
import type { ProviderAdapter, Target } from '../../providers/types';
import { builtInToolRefusal, builtInToolsOf } from '../builtin-tools';
import type { ChatRequest, ChatResult } from '../canonical';
import type { Config } from '../config';
import type { FidelityReport } from '../fidelity/dropped-params';
import { GatewayError } from '../http/errors';
import { networkError } from '../http/upstream-errors';
import { encodingFor } from '../models/bpe-tokenizer';
import { type ResolvedModel, resolveFailureToError, resolveModel } from '../models/model-resolution';
import type { ForwardedResult, ForwardedStream } from '../streams/forwarded-stream';
import { type DecodedStream, decodeProviderStream } from '../streams/stream-pipeline';
import type { ExchangeObserver } from './exchange-observer';
import { callForward } from './forward-dispatch';
import { postToProvider, readProviderJson } from './provider-fetch';
import { forwardOf, laneFor } from './same-dialect';

/** `forwarded`: the provider's own bytes, for the client, on the same-dialect lane (same-dialect.ts). */
export type ChatOutcome =
  | { kind: 'result'; result: ChatResult; target: Target; attempts: number; forwarded?: ForwardedResult }
  | { kind: 'stream'; stream: DecodedStream; target: Target; attempts: number; forwarded?: ForwardedStream };

/** The target's adapter, once loaded (`loadedAdapterFor`, or a plan made by `planChat`). */
export function adapterFor(target: Target): ProviderAdapter {
  const adapter = adapters[target.adapter];
  if (!adapter) {
    throw new GatewayError('invalid_request', `Provider '${target.provider}' is not supported by this build.`, {
      code: 'provider_not_supported',
    });
  }
  return adapter;
}

/** The target's adapter, loading its family first if it is loaded on first use (registry.ts). */
export async function loadedAdapterFor(target: Target): Promise<ProviderAdapter> {
  await loadAdapters([target.adapter]);
  return adapterFor(target);
}

export function targetFor(model: string, config: Config): Target {
  const resolved = resolveModel(model, config);
  if (!resolved.ok) throw resolveFailureToError(resolved.error);
  return toTarget(resolved.value);
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

export interface CallOptions {
  /** Aborts the upstream fetch (client gone, timeout); its reason is the public error. */
  signal?: AbortSignal;
  /** The archive's tap on what was sent and received. */
  observer?: ExchangeObserver | undefined;
  /** Longest wait between stream chunks. */
  idleTimeoutMs?: number;
  /** The route's per-target overrides (already merged into a canonical request). */
  overrides?: Readonly<Record<string, unknown>> | undefined;
  /** Told what the target drops; throws (strict caller) to stop the call before it is sent. */
  fidelity?: Pick<FidelityReport, 'targetDropped'> | undefined;
}

export async function callChat(request: ChatRequest, target: Target, options: CallOptions = {}): Promise<ChatOutcome> {
  const { signal, observer } = options;
  const adapter = await loadedAdapterFor(target);
  const forward = forwardOf(request);
  if (forward) {
    if (laneFor(adapter, forward.dialect, target)) return callForward(request, forward, target, adapter, options);
    if (forward.untranslatable) throw forward.untranslatable;
  }
  const [builtIn] = builtInToolsOf(request);
  if (builtIn && !adapter.chat.runsBuiltInTools?.(target)) throw builtInToolRefusal(builtIn, `${target.provider}/${target.model}`);
  const spec = adapter.chat.buildRequest(request, target);
  options.fidelity?.targetDropped(target, spec.dropped);
  const response = await postToProvider(spec, target, adapter, { signal, observer });
  if (request.stream) {
    if (!response.body) throw networkError(target.provider, new Error('empty stream body'));
    observer?.providerResponse(response.status, response.headers);
    const onChunk = observer && ((bytes: Uint8Array) => observer.providerChunk(bytes));
    const stream = decodeProviderStream(response.body, adapter.chat.createStreamDecoder(target), {
      provider: target.provider,
      signal,
      idleTimeoutMs: options.idleTimeoutMs,
      onChunk,
      keepOutputText: encodingFor(target.model) !== undefined,
    });
    return { kind: 'stream', stream, target, attempts: 1 };
  }
  const json = await readProviderJson(response, target, { signal, observer });
  return { kind: 'result', result: adapter.chat.parseResponse(json, target), target, attempts: 1 };
}
