/**
 * What to do after a failed attempt: wait and call the same target again, move on to the
 * next target, or stop. Pure functions of the failure, the settings and the time left, so the
 * backoff math is tested with an injected `random` and no clock at all.
 */
import type { RetrySettings } from './route-config';
import type { Random } from './route-selection';

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base · 2^(retry-1))).
 * `retry` counts from 1 (the first retry). Full jitter spreads a burst of failed callers
 * evenly instead of having them return in lockstep.
 */
export function backoffDelay(retry: number, settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>, random: Random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export interface FailedAttempt {
  retryable: boolean;
  /** The provider's own hint (`retry-after`, `x-ratelimit-reset-*`), in ms. */
  retryAfterMs?: number | undefined;
}

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'next-target'; reason: 'attempts-exhausted' | 'hint-too-long' | 'deadline' }
  | { action: 'stop'; reason: 'not-retryable' };

export interface RetryState {
  /** Calls already made to this target in this request. */
  attemptsOnTarget: number;
  /** Time left before the request deadline, in ms. */
  remainingMs: number;
}

export function decideRetry(failure: FailedAttempt, state: RetryState, settings: RetrySettings, random: Random): RetryDecision {
  if (!failure.retryable) return { action: 'stop', reason: 'not-retryable' };
  if (state.attemptsOnTarget >= settings.attemptsPerTarget) return { action: 'next-target', reason: 'attempts-exhausted' };
  const hint = failure.retryAfterMs;
  if (hint !== undefined && hint > settings.maxRetryAfterMs) return { action: 'next-target', reason: 'hint-too-long' };
  const delayMs = hint ?? backoffDelay(state.attemptsOnTarget, settings, random);
  // A wait that would use up the deadline leaves no time for the call itself.
  if (delayMs >= state.remainingMs) return { action: 'next-target', reason: hint !== undefined ? 'hint-too-long' : 'deadline' };
  return { action: 'retry', delayMs };
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
