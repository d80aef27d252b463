/**
 * The attempt loop: targets in strategy order, breaker-open ones skipped, retryable failures
 * retried on the same target (backoff, or the provider's hint) and then handed to the next
 * target, all inside the request deadline. Every call is one entry in `record.attempts`.
 * The clock, randomness, sleep and the attempt itself are injected so the loop is tested
 * without a network or real waits.
 */
import type { ChatRequest } from '../canonical';
import { toGatewayError } from '../http/error-response';
import { GatewayError, UpstreamError } from '../http/errors';
import type { ChatOutcome } from '../pipeline/chat-dispatch';
import type { AttemptRecord, RequestRecord } from '../pipeline/request-record';
import { breakerKey, type CircuitBreakers } from './circuit-breaker';
import { decideRetry } from './retry-policy';
import type { PlannedTarget, RoutePlan } from './route-plan';
import { orderTargets, type Random } from './route-selection';
import { type AttemptTimers, abortError, attemptTimers, deadlineError, deadlineTimer } from './timeouts';

export interface AttemptContext {
  /** Aborts on client disconnect, the request deadline, or this attempt's own timeouts. */
  signal: AbortSignal;
  idleTimeoutMs?: number;
}

/** One call to one target. A stream must be committed (first content seen) before it returns. */
export type Attempt = (request: ChatRequest, target: PlannedTarget, context: AttemptContext) => Promise<ChatOutcome>;

export interface RunnerDependencies {
  attempt: Attempt;
  breakers: CircuitBreakers;
  now: () => number;
  random: Random;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RunOptions {
  record: RequestRecord;
  /** The client's signal: a disconnect stops the loop and the upstream call. */
  signal?: AbortSignal;
}

function withOverrides(request: ChatRequest, target: PlannedTarget): ChatRequest {
  return target.overrides ? { ...request, ...target.overrides } : request;
}

function allUnavailable(plan: RoutePlan, waitMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const scope = plan.route ? `route '${plan.route}'` : 'this request';
  return new GatewayError(
    'overloaded',
    `Every target of ${scope} is failing and out of rotation (circuit breaker open); try again in ${seconds} s.`,
    { code: 'all_targets_unavailable', retryable: true, headers: { 'retry-after': String(seconds) } },
  );
}

function noteFailure(attempt: AttemptRecord, error: GatewayError, now: number): void {
  attempt.status = error instanceof UpstreamError ? error.upstreamStatus : 0;
  attempt.errorCode = error.code;
  attempt.retryable = error.retryable;
  attempt.endedAt = now;
}

export async function runRoute(request: ChatRequest, plan: RoutePlan, options: RunOptions, deps: RunnerDependencies): Promise<ChatOutcome> {
  const { record } = options;
  const breaker = plan.settings.breaker;
  const deadlineAt = deps.now() + plan.deadlineMs;
  const deadline = deadlineTimer(plan.deadlineMs);
  const requestSignal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const order = orderTargets(plan.strategy, plan.targets, deps.random, (target) => deps.breakers.isAvailable(breakerKey(target), breaker));
  let lastError: GatewayError | undefined;
  let soonestProbeMs = Number.POSITIVE_INFINITY;
  let keepDeadline = false;

  try {
    for (const target of order) {
      if (!deps.breakers.acquire(breakerKey(target), breaker)) {
        record.skippedTargets = [...(record.skippedTargets ?? []), target.name];
        soonestProbeMs = Math.min(soonestProbeMs, deps.breakers.msUntilProbe(breakerKey(target), breaker));
        continue;
      }
      let delayMs = 0;
      for (let attemptsOnTarget = 1; ; attemptsOnTarget++) {
        if (delayMs > 0) await deps.sleep(delayMs, requestSignal);
        if (requestSignal.aborted) throw abortError(requestSignal);
        if (deps.now() >= deadlineAt) throw lastError ?? deadlineError(plan.deadlineMs);
        const attempt: AttemptRecord = { provider: target.target.provider, model: target.target.model, startedAt: deps.now(), status: 0 };
        if (delayMs > 0) attempt.delayMs = delayMs;
        record.attempts.push(attempt);
        const timers: AttemptTimers = attemptTimers(requestSignal, target.target.provider, target.timeouts);
        try {
          const outcome = await deps.attempt(withOverrides(request, target), target, {
            signal: timers.signal,
            idleTimeoutMs: target.timeouts.idleMs,
          });
          timers.firstByteReceived();
          attempt.status = 200;
          attempt.firstByteAt = attempt.endedAt = deps.now();
          deps.breakers.recordSuccess(breakerKey(target));
          if (outcome.kind === 'stream') {
            // The stream is still running: its timers and the deadline stop when it ends.
            keepDeadline = true;
            outcome.stream.outcome.then(() => {
              timers.dispose();
              deadline.dispose();
            });
          } else {
            timers.dispose();
          }
          return { ...outcome, target: target.target, attempts: record.attempts.length };
        } catch (thrown) {
          timers.dispose();
          const error = toGatewayError(thrown);
          noteFailure(attempt, error, deps.now());
          if (requestSignal.aborted) {
            deps.breakers.release(breakerKey(target));
            throw abortError(requestSignal);
          }
          if (error.retryable) deps.breakers.recordFailure(breakerKey(target), breaker);
          else deps.breakers.release(breakerKey(target));
          const retryAfterMs = error instanceof UpstreamError ? error.retryAfterMs : undefined;
          const decision = decideRetry(
            { retryable: error.retryable, retryAfterMs },
            { attemptsOnTarget, remainingMs: deadlineAt - deps.now() },
            plan.settings.retry,
            deps.random,
          );
          if (decision.action === 'stop') throw error;
          lastError = error;
          // A breaker this failure opened sends the request straight to the next target.
          if (decision.action === 'next-target' || deps.breakers.state(breakerKey(target), breaker) !== 'closed') break;
          delayMs = decision.delayMs;
        }
      }
    }
    throw lastError ?? allUnavailable(plan, soonestProbeMs);
  } finally {
    if (!keepDeadline) deadline.dispose();
  }
}
