/**
 * Upstream SSE bytes → canonical events, pulled on demand so back-pressure reaches the
 * upstream fetch and a cancelled client cancels it. The pipeline enforces the stream rules
 * for every provider at once:
 *  - an `error` event is terminal: the upstream is cancelled and the stream closes after it;
 *  - an upstream that dies mid-stream becomes a final `error` event, never a silent truncation;
 *  - a stream that ends without a finish reason is a failure, and so is one silent for longer
 *    than `idleTimeoutMs` (`upstream_idle_timeout`).
 * It also observes the events for accounting (`outcome`), which settles exactly once.
 *
 * Events travel in batches: all events decoded from one upstream read form one batch, so a
 * surface writes them to the client in one chunk (one write instead of one per event), yet
 * nothing waits for more input than has arrived.
 */

import type { StreamDecoder } from '../../providers/types';
import type { ChatStreamEvent, FinishReason, Usage } from '../canonical';
import { GatewayError } from '../http/errors';
import { createSseReader } from './sse';

export interface StreamOutcome {
  /** Last usage the provider reported (usage reports are cumulative snapshots). */
  usage?: Usage;
  finishReason?: FinishReason;
  error?: GatewayError;
  /** The client went away before the stream ended. */
  cancelled: boolean;
  /** ms since epoch of the first content event, for time-to-first-token. */
  firstTokenAt?: number;
  endedAt: number;
  /** Characters of generated text, for estimating usage when the provider reports none. */
  outputChars: number;
  /** The generated text itself, when asked for (`keepOutputText`), up to `MAX_KEPT_OUTPUT_CHARS`. */
  outputText?: string[];
}

/** Generated text kept for counting a cut stream's output with a tokenizer; the rest is estimated. */
export const MAX_KEPT_OUTPUT_CHARS = 256 * 1024;

/** The events decoded from one upstream read, in order. Never empty. */
export type EventBatch = ChatStreamEvent[];

export interface DecodedStream {
  events: ReadableStream<EventBatch>;
  outcome: Promise<StreamOutcome>;
}

export interface DecodeOptions {
  provider: string;
  /** Injected clock for tests. */
  now?: () => number;
  /** Sees each raw upstream chunk as read (the archive's tap). */
  onChunk?: (bytes: Uint8Array) => void;
  /** Longest wait for the next upstream chunk; past it the stream ends with `upstream_idle_timeout`. */
  idleTimeoutMs?: number;
  /** The attempt's signal: when it aborts with a gateway error (a timeout), that error ends the stream. */
  signal?: AbortSignal;
  /** Keep the generated text (capped) so a stream cut before its usage can be counted with a tokenizer. */
  keepOutputText?: boolean;
  /**
   * After the provider's own error event, keep reading to the end (nothing more is decoded): the
   * same-dialect lane hands the client every byte the provider sent, e.g. the `response.failed`
   * that follows a Responses `error` event.
   */
  readToEnd?: boolean;
}

export function decodeProviderStream(body: ReadableStream<Uint8Array>, decoder: StreamDecoder, options: DecodeOptions): DecodedStream {
  const now = options.now ?? Date.now;
  const reader = body.getReader();
  const pending: ChatStreamEvent[] = [];
  const state: Omit<StreamOutcome, 'endedAt'> = { cancelled: false, outputChars: 0 };
  if (options.keepOutputText) state.outputText = [];
  /** Called after `outputChars` has counted `text`. */
  const keep = (text: string) => {
    const before = state.outputChars - text.length;
    if (state.outputText && before < MAX_KEPT_OUTPUT_CHARS) state.outputText.push(text.slice(0, MAX_KEPT_OUTPUT_CHARS - before));
  };
  let settle!: (outcome: StreamOutcome) => void;
  const outcome = new Promise<StreamOutcome>((resolve) => {
    settle = resolve;
  });
  let finished = false;
  let failed = false;
  /** Choices already finished: a provider that repeats its finish reason still gives one. */
  const finishedChoices = new Set<number>();

  const finish = () => {
    if (finished) return;
    finished = true;
    settle({ ...state, endedAt: now() });
  };

  const emit = (event: ChatStreamEvent) => {
    if (failed) return; // nothing after a terminal error
    switch (event.type) {
      case 'text-delta':
      case 'reasoning-delta':
      case 'refusal-delta':
        state.outputChars += event.text.length;
        keep(event.text);
        state.firstTokenAt ??= now();
        break;
      case 'tool-call-delta':
        state.outputChars += event.arguments.length;
        keep(event.arguments);
        state.firstTokenAt ??= now();
        break;
      case 'tool-call-start':
        state.firstTokenAt ??= now();
        break;
      case 'usage':
        state.usage = event.usage;
        break;
      case 'finish':
        if (finishedChoices.has(event.choice)) return;
        finishedChoices.add(event.choice);
        state.finishReason ??= event.reason;
        break;
      case 'error':
        failed = true;
        state.error = event.error;
        break;
    }
    pending.push(event);
  };

  const sse = createSseReader((message) => decoder.onMessage(message, emit));
  const upstreamFailed = (message: string, cause?: unknown) =>
    emit({
      type: 'error',
      error: new GatewayError('upstream', message, { code: 'upstream_stream_error', retryable: true, cause }),
    });

  // Idle timeout: one timer per quiet period, re-armed for the time left rather than one timer
  // and one Promise.race per chunk read. When it fires, cancelling the reader ends the read.
  const idleMs = options.idleTimeoutMs;
  let lastChunkAt = now();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let wentIdle = false;
  const armIdle = (ms: number) => {
    idleTimer = setTimeout(() => {
      const quiet = now() - lastChunkAt;
      if (idleMs === undefined || quiet < idleMs) return armIdle((idleMs ?? 0) - quiet);
      wentIdle = true;
      reader.cancel().catch(() => {});
    }, ms);
  };
  const disarmIdle = () => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
  };

  let done = false;
  const events = new ReadableStream<EventBatch>(
    {
      start() {
        if (idleMs !== undefined) armIdle(idleMs);
      },
      async pull(controller) {
        while (pending.length === 0 && !done) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (cause) {
            const reason: unknown = options.signal?.aborted ? options.signal.reason : undefined;
            if (reason instanceof GatewayError) emit({ type: 'error', error: reason });
            else upstreamFailed(`The ${options.provider} stream broke before it finished.`, cause);
            done = true;
            break;
          }
          if (wentIdle) {
            emit({
              type: 'error',
              error: new GatewayError('timeout', `The ${options.provider} stream sent nothing for ${options.idleTimeoutMs} ms.`, {
                code: 'upstream_idle_timeout',
                retryable: true,
              }),
            });
            reader.cancel().catch(() => {});
            done = true;
            break;
          }
          if (chunk.done) {
            sse.end();
            decoder.onEnd(emit);
            if (!failed && state.finishReason === undefined) {
              upstreamFailed(`The ${options.provider} stream ended without a finish reason.`);
            }
            done = true;
            break;
          }
          lastChunkAt = now();
          options.onChunk?.(chunk.value);
          sse.feed(chunk.value);
          if (failed && !options.readToEnd) {
            done = true;
            reader.cancel().catch(() => {});
          }
        }
        if (pending.length > 0) controller.enqueue(pending.splice(0));
        if (done) {
          disarmIdle();
          controller.close();
          finish();
        }
      },
      async cancel(reason) {
        disarmIdle();
        state.cancelled = true;
        finish();
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );

  return { events, outcome };
}
