/**
 * Timeouts as AbortSignals whose `reason` is the public error, so whatever notices the abort
 * (fetch, the stream pipeline, a backoff sleep) can report why:
 *  - the request deadline (`deadline_exceeded`): retries and fallbacks included; not retryable;
 *  - per attempt, first byte (`upstream_first_byte_timeout`) and whole call (`upstream_timeout`):
 *    retryable, the next attempt or target may do better.
 * Each is combined with the client's signal (`AbortSignal.any`), so a caller that goes away
 * cancels the upstream call too.
 */
import { GatewayError } from '../http/errors';

export interface Timer {
  signal: AbortSignal;
  /** Stop the clock (the work finished); the signal never aborts after this. */
  dispose(): void;
}

/** A signal that aborts with `reason()` after `ms`, or never when `ms` is undefined. */
export function timer(ms: number | undefined, reason: () => GatewayError): Timer {
  const controller = new AbortController();
  if (ms === undefined) return { signal: controller.signal, dispose: () => {} };
  const handle = setTimeout(() => controller.abort(reason()), ms);
  return { signal: controller.signal, dispose: () => clearTimeout(handle) };
}

export function deadlineError(ms: number): GatewayError {
  return new GatewayError('timeout', `The request did not complete within its ${ms} ms deadline.`, {
    code: 'deadline_exceeded',
    retryable: false,
  });
}

export function deadlineTimer(ms: number): Timer {
  return timer(ms, () => deadlineError(ms));
}

export interface AttemptTimers {
  signal: AbortSignal;
  /** The attempt has its first byte (a result, or the first content event of a stream). */
  firstByteReceived(): void;
  dispose(): void;
}

export function attemptTimers(parent: AbortSignal, provider: string, limits: { firstByteMs?: number; attemptMs?: number }): AttemptTimers {
  const firstByte = timer(
    limits.firstByteMs,
    () =>
      new GatewayError('timeout', `The ${provider} provider did not start answering within ${limits.firstByteMs} ms.`, {
        code: 'upstream_first_byte_timeout',
        retryable: true,
      }),
  );
  const whole = timer(
    limits.attemptMs,
    () =>
      new GatewayError('timeout', `The ${provider} provider did not finish within ${limits.attemptMs} ms.`, {
        code: 'upstream_timeout',
        retryable: true,
      }),
  );
  return {
    signal: AbortSignal.any([parent, firstByte.signal, whole.signal]),
    firstByteReceived: firstByte.dispose,
    dispose: () => {
      firstByte.dispose();
      whole.dispose();
    },
  };
}

/** The gateway error an aborted signal stands for (its reason when the gateway aborted it). */
export function abortError(signal: AbortSignal): GatewayError {
  if (signal.reason instanceof GatewayError) return signal.reason;
  // 499 (nginx's "client closed request"): only records and logs see it, the client is gone.
  return new GatewayError('timeout', 'The request was cancelled by the client.', {
    status: 499,
    code: 'client_cancelled',
    retryable: false,
  });
}
