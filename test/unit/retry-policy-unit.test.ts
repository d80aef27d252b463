import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, sleep } from '../../src/lib/routing/retry-policy';
import { defaultRoutingSettings } from '../../src/lib/routing/route-config';

const settings = { attemptsPerTarget: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const always = (value: number) => () => value;

describe('backoffDelay (exponential, full jitter, capped)', () => {
  it('doubles the ceiling per retry and draws uniformly below it', () => {
    // random() = 0.5 → half the ceiling: 100·2^(n-1) / 2 until the 1000 ms cap.
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, settings, always(0.5)))).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('spans [0, ceiling): the lowest draw waits nothing, the highest stays under the cap', () => {
    expect(backoffDelay(3, settings, always(0))).toBe(0);
    expect(backoffDelay(3, settings, always(0.999_999))).toBe(399);
    expect(backoffDelay(30, settings, always(0.999_999))).toBe(999);
  });
});

describe('decideRetry', () => {
  const roomy = { attemptsOnTarget: 1, remainingMs: 60_000 };

  it('never retries a failure that is not retryable (400, 401, 403, 404)', () => {
    expect(decideRetry({ retryable: false }, roomy, settings, always(0.5))).toEqual({ action: 'stop', reason: 'not-retryable' });
  });

  it('backs off on the same target while it has attempts left', () => {
    expect(decideRetry({ retryable: true }, roomy, settings, always(0.5))).toEqual({ action: 'retry', delayMs: 50 });
    expect(decideRetry({ retryable: true }, { ...roomy, attemptsOnTarget: 2 }, settings, always(0.5))).toEqual({
      action: 'retry',
      delayMs: 100,
    });
  });

  it('moves on once the target has had its attempts', () => {
    expect(decideRetry({ retryable: true }, { ...roomy, attemptsOnTarget: 3 }, settings, always(0.5))).toEqual({
      action: 'next-target',
      reason: 'attempts-exhausted',
    });
  });

  it("waits exactly the provider's retry-after instead of the backoff", () => {
    expect(decideRetry({ retryable: true, retryAfterMs: 2000 }, roomy, settings, always(0.5))).toEqual({ action: 'retry', delayMs: 2000 });
  });

  it('goes to the next target when the hint is longer than it is worth waiting for', () => {
    expect(decideRetry({ retryable: true, retryAfterMs: 5001 }, roomy, settings, always(0.5))).toEqual({
      action: 'next-target',
      reason: 'hint-too-long',
    });
  });

  it('never waits past the deadline: a hint or backoff that does not fit moves on', () => {
    const late = { attemptsOnTarget: 1, remainingMs: 1500 };
    expect(decideRetry({ retryable: true, retryAfterMs: 2000 }, late, settings, always(0.5))).toEqual({
      action: 'next-target',
      reason: 'hint-too-long',
    });
    expect(decideRetry({ retryable: true }, { attemptsOnTarget: 1, remainingMs: 40 }, settings, always(0.5))).toEqual({
      action: 'next-target',
      reason: 'deadline',
    });
  });

  it('has defaults that retry once per target', () => {
    const { retry } = defaultRoutingSettings;
    expect(decideRetry({ retryable: true }, roomy, retry, always(0)).action).toBe('retry');
    expect(decideRetry({ retryable: true }, { ...roomy, attemptsOnTarget: 2 }, retry, always(0)).action).toBe('next-target');
  });
});

describe('sleep', () => {
  it('rejects with the abort reason instead of waiting', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
  });
});
