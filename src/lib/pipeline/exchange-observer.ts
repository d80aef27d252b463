/**
 * Taps on one request's provider exchange, for the raw archive. The dispatch and stream
 * pipeline call them when present; implementations are cheap, bounded and never throw.
 */
import type { HttpRequestSpec, Target } from '../../providers/types';

export interface ExchangeObserver {
  /** A provider request is about to be sent (once per attempt). */
  providerRequest(spec: HttpRequestSpec, target: Target): void;
  /** The provider answered. `body` is the whole body of a non-stream or error answer; absent for a stream. */
  providerResponse(status: number, headers: Headers, body?: string): void;
  /** One raw chunk of a provider stream, as read from the network. */
  providerChunk(bytes: Uint8Array): void;
}
