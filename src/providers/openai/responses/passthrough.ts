/**
 * The same-dialect lane for the Responses surface (DESIGN.md, Fidelity): a `/v1/responses`
 * request whose target serves the Responses API natively goes upstream as the client wrote
 * it, with only the model replaced, and the answer comes back byte for byte. The gateway still
 * reads it alongside, for usage, cache, sessions and the archive:
 *
 *  - JSON: `parseResponsesResponse(json)` (response.ts) gives the canonical reading; the body
 *    the client gets is the upstream's text, unchanged.
 *  - Stream: `observeResponsesStream(body)` passes every upstream chunk through untouched and
 *    decodes a copy with the same Responses decoder the translated path uses, so usage (with
 *    cached and reasoning tokens), the finish and a mid-stream `error` / `response.failed`
 *    are known when the stream ends.
 *
 * The adapters expose this as their `responses` role (types.ts `ResponsesRole`); see
 * docs/responses-upstream.md for how the surface wires it.
 */
import type { ChatStreamEvent, FinishReason, Usage } from '../../../lib/canonical';
import type { GatewayError } from '../../../lib/http/errors';
import { requiresResponsesApi } from '../../../lib/models/model-info';
import { createSseReader } from '../../../lib/streams/sse';
import type { HttpRequestSpec, Target } from '../../types';
import type { ResponsesEndpoint } from './request';
import { createResponsesStreamDecoder } from './stream';

/** Semantic request headers a client may pass through to the Responses API (allow-list). */
export const RESPONSES_FORWARDED_HEADERS = ['openai-beta'] as const;

/**
 * Whether `POST /responses` can go to this target as it is. A configured `api` decides
 * (`chat` means the operator wants chat completions, so the Responses surface translates);
 * else hosts known to serve it (`responsesApi` in the provider catalog) and Responses-only models.
 */
export function servesResponsesApi(target: Target): boolean {
  const configured = target.options.modelApis?.[target.model] ?? target.options.api;
  if (configured) return configured === 'responses';
  return target.options.responsesApi === true || requiresResponsesApi(target.provider, target.model);
}

/** The caller's Responses body with only `model` replaced by the target's (Azure: the deployment). */
export function buildResponsesPassthroughRequest(
  body: Record<string, unknown>,
  target: Target,
  endpoint: ResponsesEndpoint,
  clientHeaders?: Headers,
): HttpRequestSpec {
  const headers = { ...endpoint.headers };
  for (const name of RESPONSES_FORWARDED_HEADERS) {
    const value = clientHeaders?.get(name);
    if (value) headers[name] = value;
  }
  return { url: endpoint.url, headers, body: JSON.stringify({ ...body, model: target.model }) };
}

/** What the gateway learned from a forwarded stream. */
export interface ResponsesStreamObservation {
  responseId?: string;
  model?: string;
  usage?: Usage;
  finishReason?: FinishReason;
  /** A mid-stream `error` event or `response.failed`, or an unreadable event. */
  error?: GatewayError;
  /** The canonical events, in order (for the session and cache steps; small: one per delta). */
  events: ChatStreamEvent[];
}

/**
 * Forward `body` unchanged while decoding a copy. `outcome` settles when the stream ends or is
 * cancelled (with what was seen so far). Back-pressure and cancellation pass straight through.
 */
export function observeResponsesStream(body: ReadableStream<Uint8Array>): {
  stream: ReadableStream<Uint8Array>;
  outcome: Promise<ResponsesStreamObservation>;
} {
  const observation: ResponsesStreamObservation = { events: [] };
  const decoder = createResponsesStreamDecoder();
  const emit = (event: ChatStreamEvent) => {
    observation.events.push(event);
    if (event.type === 'start') {
      observation.responseId = event.id;
      observation.model = event.model;
    } else if (event.type === 'usage') observation.usage = event.usage;
    else if (event.type === 'finish') observation.finishReason ??= event.reason;
    else if (event.type === 'error') observation.error ??= event.error;
  };
  const reader = createSseReader((message) => decoder.onMessage(message, emit));
  let settle!: (value: ResponsesStreamObservation) => void;
  const outcome = new Promise<ResponsesStreamObservation>((resolve) => {
    settle = resolve;
  });
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      reader.feed(chunk);
    },
    flush() {
      reader.end();
      decoder.onEnd(emit);
      settle(observation);
    },
    cancel() {
      settle(observation);
    },
  });
  return { stream: body.pipeThrough(transform), outcome };
}
