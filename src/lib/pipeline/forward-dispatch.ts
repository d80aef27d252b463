/**
 * One attempt on the same-dialect lane: the client's body with the gateway's edits goes to an
 * adapter of the same dialect; the answer is kept as bytes for the client and decoded
 * alongside (the same decoder and stream rules as the translated lane) for everything else.
 * Failures before the first content are ordinary attempt failures: retries and fallbacks
 * work as on the translated lane.
 */
import type { ProviderAdapter, SseMessage, StreamDecoder, Target } from '../../providers/types';
import type { ChatRequest, ChatResult } from '../canonical';
import type { FidelityReport } from '../fidelity/dropped-params';
import { GatewayError } from '../http/errors';
import { networkError } from '../http/upstream-errors';
import { encodingFor } from '../models/bpe-tokenizer';
import type { ForwardedResult, ForwardedStream } from '../streams/forwarded-stream';
import { type DecodedStream, decodeProviderStream } from '../streams/stream-pipeline';
import type { ExchangeObserver } from './exchange-observer';
import { postToProvider, readProviderBody } from './provider-fetch';
import { type ForwardBody, type ForwardVariant, forwardEdits, laneFor, serializeForward } from './same-dialect';

export type ForwardOutcome =
  | { kind: 'result'; result: ChatResult; target: Target; attempts: number; forwarded: ForwardedResult }
  | { kind: 'stream'; stream: DecodedStream; target: Target; attempts: number; forwarded: ForwardedStream };

export interface ForwardOptions {
  signal?: AbortSignal | undefined;
  observer?: ExchangeObserver | undefined;
  idleTimeoutMs?: number | undefined;
  overrides?: Readonly<Record<string, unknown>> | undefined;
  /** Told what the target's own edits drop; throws (strict caller) before the call is sent. */
  fidelity?: Pick<FidelityReport, 'targetDropped'> | undefined;
}

/**
 * The adapter's decoder as an observer: errors it reads are the provider's own error events,
 * already in the forwarded bytes. An event it cannot read is the client's to judge (it gets
 * the bytes as sent): observing it is skipped, never fatal to the client's stream.
 */
function markingDecoder(decoder: StreamDecoder, fromProvider: WeakSet<GatewayError>, last: (message: SseMessage) => void): StreamDecoder {
  return {
    onMessage: (message, emit) => {
      last(message);
      decoder.onMessage(message, (event) => {
        if (event.type === 'error') {
          if (event.error.code === 'upstream_malformed_chunk') return;
          fromProvider.add(event.error);
        }
        emit(event);
      });
    },
    onEnd: (emit) => decoder.onEnd(emit),
  };
}

export async function callForward(
  request: ChatRequest,
  forward: ForwardBody,
  target: Target,
  adapter: ProviderAdapter,
  options: ForwardOptions = {},
): Promise<ForwardOutcome> {
  const { signal, observer } = options;
  const lane = laneFor(adapter, forward.dialect, target);
  if (!lane) throw new GatewayError('internal', `The ${target.provider} adapter cannot forward this dialect.`);
  const variant: ForwardVariant = forward.variantFor ? await forward.variantFor(target) : forward;
  const built = lane.forwardRequest(variant.body, forwardEdits(request, forward, options.overrides, variant.prefix), target);
  options.fidelity?.targetDropped(target, built.dropped);
  const spec = { url: built.url, headers: built.headers, body: serializeForward(variant, built.body) };
  const response = await postToProvider(spec, target, adapter, { signal, observer });
  const contentType = response.headers.get('content-type');
  if (request.stream) {
    if (!response.body) throw networkError(target.provider, new Error('empty stream body'));
    observer?.providerResponse(response.status, response.headers);
    const tap: Uint8Array[] = [];
    const providerErrors = new WeakSet<GatewayError>();
    const forwarded: ForwardedStream = {
      kind: 'stream',
      contentType,
      tap,
      fromProvider: (error) => providerErrors.has(error),
      hideEvent: built.hideEvent,
      target,
    };
    const decoder = markingDecoder(lane.createStreamDecoder(target), providerErrors, (message) => {
      forwarded.lastMessage = message;
    });
    const stream = decodeProviderStream(response.body, decoder, {
      provider: target.provider,
      signal,
      idleTimeoutMs: options.idleTimeoutMs,
      readToEnd: true,
      keepOutputText: encodingFor(target.model) !== undefined,
      onChunk: (bytes) => {
        observer?.providerChunk(bytes);
        tap.push(bytes);
      },
    });
    return { kind: 'stream', stream, target, attempts: 1, forwarded };
  }
  const { text: body, json } = await readProviderBody(response, target, { signal, observer });
  return {
    kind: 'result',
    result: lane.parseResponse(json, target),
    target,
    attempts: 1,
    forwarded: { kind: 'result', contentType, body, target },
  };
}
