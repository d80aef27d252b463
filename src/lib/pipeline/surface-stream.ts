/**
 * The streamed answer of a chat surface: the provider's own bytes on the same-dialect lane,
 * otherwise the canonical events through the surface's encoder (a cache hit replayed, too), and
 * SSE keep-alives while the gateway waits (streams/keep-alive.ts). A failure after the headers
 * went out ends the stream with the surface's error event.
 */
import type { Context } from 'hono';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { forwardedBytes, type StreamErrorEncoder } from '../streams/forwarded-stream';
import { keepAliveResponse, streamTiming } from '../streams/keep-alive';
import { SSE_HEADERS } from '../streams/sse';
import type { EventBatch } from '../streams/stream-pipeline';
import type { PipelineOutput } from './chat-pipeline';
import { errorEvents, eventsOf } from './pipeline-events';

export interface SurfaceStream {
  /** A fresh encoder of the surface's wire format (one per stream). */
  encoder: () => TransformStream<EventBatch, Uint8Array>;
  /** The surface's error event, for a forwarded stream that fails after it started. */
  encodeError: StreamErrorEncoder;
  /** The requested model, whose route may set the commit window and keep-alive interval. */
  model: string;
}

export function surfaceStreamResponse(c: Context<AppEnv>, output: Promise<PipelineOutput>, surface: SurfaceStream): Promise<Response> {
  const body = output.then((result) =>
    result.kind === 'stream' && result.forwarded
      ? forwardedBytes(result.events, result.forwarded, surface.encodeError)
      : eventsOf(result).pipeThrough(surface.encoder()),
  );
  return keepAliveResponse(
    body,
    (error) => errorEvents(error).pipeThrough(surface.encoder()),
    streamTiming(getConfig(c.env), surface.model),
    SSE_HEADERS,
  );
}
