import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from '../../src/lib/routing/circuit-breaker';

const settings = { failureThreshold: 3, cooldownMs: 10_000 };
const target = 'openai/gpt-4o-mini';

function breakersWithClock() {
  const clock = { now: 1_000_000 };
  return { clock, breakers: new CircuitBreakers(() => clock.now) };
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and skips the target', () => {
    const { breakers } = breakersWithClock();
    breakers.recordFailure(target, settings);
    breakers.recordFailure(target, settings);
    expect(breakers.state(target, settings)).toBe('closed');
    expect(breakers.acquire(target, settings)).toBe(true);
    breakers.recordFailure(target, settings);
    expect(breakers.state(target, settings)).toBe('open');
    expect(breakers.acquire(target, settings)).toBe(false);
    expect(breakers.isAvailable(target, settings)).toBe(false);
    expect(breakers.msUntilProbe(target, settings)).toBe(10_000);
  });

  it('counts only consecutive failures: a success in between starts over', () => {
    const { breakers } = breakersWithClock();
    breakers.recordFailure(target, settings);
    breakers.recordFailure(target, settings);
    breakers.recordSuccess(target);
    breakers.recordFailure(target, settings);
    breakers.recordFailure(target, settings);
    expect(breakers.state(target, settings)).toBe('closed');
  });

  it('half-opens after the cool-down and lets exactly one probe through', () => {
    const { clock, breakers } = breakersWithClock();
    for (let failure = 0; failure < 3; failure++) breakers.recordFailure(target, settings);
    clock.now += 9_999;
    expect(breakers.state(target, settings)).toBe('open');
    clock.now += 1;
    expect(breakers.state(target, settings)).toBe('half-open');
    expect(breakers.isAvailable(target, settings)).toBe(true);
    expect(breakers.acquire(target, settings)).toBe(true);
    // While the probe is out, everyone else still skips.
    expect(breakers.isAvailable(target, settings)).toBe(false);
    expect(breakers.acquire(target, settings)).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { clock, breakers } = breakersWithClock();
    for (let failure = 0; failure < 3; failure++) breakers.recordFailure(target, settings);
    clock.now += 10_000;
    expect(breakers.acquire(target, settings)).toBe(true);
    breakers.recordSuccess(target);
    expect(breakers.state(target, settings)).toBe('closed');
    expect(breakers.acquire(target, settings)).toBe(true);
    expect(breakers.acquire(target, settings)).toBe(true);
  });

  it('re-opens for a new cool-down when the probe fails', () => {
    const { clock, breakers } = breakersWithClock();
    for (let failure = 0; failure < 3; failure++) breakers.recordFailure(target, settings);
    clock.now += 10_000;
    breakers.acquire(target, settings);
    breakers.recordFailure(target, settings);
    expect(breakers.state(target, settings)).toBe('open');
    clock.now += 5_000;
    expect(breakers.acquire(target, settings)).toBe(false);
    clock.now += 5_000;
    expect(breakers.state(target, settings)).toBe('half-open');
  });

  it('gives the probe slot back when the probe neither succeeded nor failed', () => {
    const { clock, breakers } = breakersWithClock();
    for (let failure = 0; failure < 3; failure++) breakers.recordFailure(target, settings);
    clock.now += 10_000;
    breakers.acquire(target, settings);
    breakers.release(target);
    expect(breakers.acquire(target, settings)).toBe(true);
  });

  it('keeps targets apart', () => {
    const { breakers } = breakersWithClock();
    for (let failure = 0; failure < 3; failure++) breakers.recordFailure(target, settings);
    expect(breakers.state('deepseek/deepseek-chat', settings)).toBe('closed');
  });
});
