import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { GatewayError } from '../../src/lib/http/errors';
import { networkError, toUpstreamError } from '../../src/lib/http/upstream-errors';
import { runRoute } from '../../src/lib/routing/route-runner';
import { emptyRecord, harness, planned, routePlan } from '../support/routing-harness';

const request: ChatRequest = { model: 'test-route', messages: [{ role: 'user', content: 'hi' }], temperature: 1 };
const upstream = (status: number, retryAfterMs?: number) => toUpstreamError('openai', status, { message: `HTTP ${status}`, retryAfterMs });
const defaults = {
  retry: { attemptsPerTarget: 2, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 },
  breaker: { failureThreshold: 3, cooldownMs: 10_000 },
};
const a = planned('openai/model-a');
const b = planned('deepseek/model-b');

async function failureOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
  }
  throw new Error('expected the route to fail with a GatewayError');
}

describe('runRoute', () => {
  it('retries a 500 on the same target after a jittered backoff, and records both attempts', async () => {
    const world = harness({ 'openai/model-a': [upstream(500), 'ok'] });
    const record = emptyRecord();
    const outcome = await runRoute(request, routePlan([a, b], { defaults }), { record }, world.deps);
    expect(outcome.attempts).toBe(2);
    expect(outcome.target.provider).toBe('openai');
    expect(world.sleeps).toEqual([50]); // random 0.5 × base 100
    expect(record.attempts).toMatchObject([
      { provider: 'openai', model: 'model-a', status: 500, retryable: true, startedAt: 1_000_000, endedAt: 1_000_010 },
      { provider: 'openai', model: 'model-a', status: 200, delayMs: 50, startedAt: 1_000_060, firstByteAt: 1_000_070 },
    ]);
  });

  it('falls back to the next target when the first has used its attempts', async () => {
    const world = harness({ 'openai/model-a': [upstream(503), upstream(529)] });
    const record = emptyRecord();
    const outcome = await runRoute(request, routePlan([a, b], { defaults }), { record }, world.deps);
    expect(world.calls.map((call) => call.target)).toEqual(['openai/model-a', 'openai/model-a', 'deepseek/model-b']);
    expect(world.sleeps).toEqual([50]); // none before switching targets
    expect(outcome.target.provider).toBe('deepseek');
    expect(record.attempts.map((attempt) => attempt.status)).toEqual([503, 529, 200]);
  });

  it("waits exactly the provider's retry-after before retrying", async () => {
    const world = harness({ 'openai/model-a': [upstream(429, 2000), 'ok'] });
    await runRoute(request, routePlan([a], { defaults }), { record: emptyRecord() }, world.deps);
    expect(world.sleeps).toEqual([2000]);
  });

  it('goes straight to the next target when the hint is longer than is worth waiting', async () => {
    const world = harness({ 'openai/model-a': [upstream(429, 60_000)] });
    const outcome = await runRoute(request, routePlan([a, b], { defaults }), { record: emptyRecord() }, world.deps);
    expect(world.sleeps).toEqual([]);
    expect(outcome.target.provider).toBe('deepseek');
  });

  it("fails with the provider's 429 and retry-after when the hint outlasts the deadline and nothing is left", async () => {
    const world = harness({ 'openai/model-a': [upstream(429, 4000)] });
    const error = await failureOf(runRoute(request, routePlan([a], { defaults, deadlineMs: 3000 }), { record: emptyRecord() }, world.deps));
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', headers: { 'retry-after': '4' } });
    expect(world.calls).toHaveLength(1);
  });

  it('never lets retries run past the deadline', async () => {
    const world = harness({ 'openai/model-a': Array(10).fill(upstream(500)) }, { random: () => 0.99, callMs: 10 });
    const plan = routePlan([a], { defaults: { ...defaults, retry: { ...defaults.retry, attemptsPerTarget: 10 } }, deadlineMs: 300 });
    const error = await failureOf(runRoute(request, plan, { record: emptyRecord() }, world.deps));
    // t=10 fail, wait 99 → t=119 fail; the next wait (198) would end past t=300, so it stops.
    expect(world.sleeps).toEqual([99]);
    expect(world.calls).toHaveLength(2);
    expect(world.clock.now - 1_000_000).toBeLessThanOrEqual(300);
    expect(error.status).toBe(502);
  });

  it.each([400, 401, 403, 404])('neither retries nor falls back after a %i', async (status) => {
    const world = harness({ 'openai/model-a': [upstream(status)] });
    const error = await failureOf(runRoute(request, routePlan([a, b], { defaults }), { record: emptyRecord() }, world.deps));
    expect(world.calls).toHaveLength(1);
    expect(error.retryable).toBe(false);
  });

  it('retries network failures and timeouts', async () => {
    const timeout = new GatewayError('timeout', 'slow', { code: 'upstream_first_byte_timeout', retryable: true });
    const network = networkError('openai', new Error('connection reset'));
    const world = harness({ 'openai/model-a': [timeout, network], 'deepseek/model-b': ['ok'] });
    const record = emptyRecord();
    await runRoute(request, routePlan([a, b], { defaults }), { record }, world.deps);
    expect(record.attempts.map((attempt) => attempt.errorCode ?? null)).toEqual([
      'upstream_first_byte_timeout',
      'upstream_unreachable',
      null,
    ]);
  });

  it('sends the per-target overrides in place of the caller values', async () => {
    const world = harness({});
    const tuned = planned('openai/model-a', { overrides: { max_tokens: 64, temperature: 0.1 } });
    await runRoute(request, routePlan([tuned], { defaults }), { record: emptyRecord() }, world.deps);
    expect(world.calls[0]?.request).toMatchObject({ max_tokens: 64, temperature: 0.1, messages: request.messages });
  });

  it('puts the weighted choice first under weighted-fallback', async () => {
    const world = harness({ 'deepseek/model-b': [upstream(500), upstream(500)] }, { random: () => 0.9 });
    const heavy = planned('openai/model-a', { weight: 1 });
    const light = planned('deepseek/model-b', { weight: 9 });
    const outcome = await runRoute(
      request,
      routePlan([heavy, light], { defaults, strategy: 'weighted-fallback' }),
      { record: emptyRecord() },
      world.deps,
    );
    expect(world.calls.map((call) => call.target)).toEqual(['deepseek/model-b', 'deepseek/model-b', 'openai/model-a']);
    expect(outcome.target.provider).toBe('openai');
  });
});

describe('runRoute with circuit breakers', () => {
  it('skips a target whose breaker is open, without calling it', async () => {
    const world = harness({});
    for (let failure = 0; failure < 3; failure++) world.deps.breakers.recordFailure(a.name, defaults.breaker);
    const record = emptyRecord();
    const outcome = await runRoute(request, routePlan([a, b], { defaults }), { record }, world.deps);
    expect(world.calls.map((call) => call.target)).toEqual(['deepseek/model-b']);
    expect(outcome.attempts).toBe(1);
    expect(record.skippedTargets).toEqual(['openai/model-a']);
  });

  it('answers 503 with a clear message and retry-after when every breaker is open', async () => {
    const world = harness({});
    for (const target of [a, b])
      for (let failure = 0; failure < 3; failure++) world.deps.breakers.recordFailure(target.name, defaults.breaker);
    world.clock.now += 4_000;
    const error = await failureOf(runRoute(request, routePlan([a, b], { defaults }), { record: emptyRecord() }, world.deps));
    expect(error).toMatchObject({ status: 503, code: 'all_targets_unavailable', headers: { 'retry-after': '6' } });
    expect(error.message).toMatch(/circuit breaker open/);
    expect(world.calls).toHaveLength(0);
  });

  it('moves on at once when a failure opens the breaker, and probes again after the cool-down', async () => {
    const fragile = { ...defaults, breaker: { failureThreshold: 1, cooldownMs: 10_000 } };
    const world = harness({ 'openai/model-a': [upstream(500), 'ok'] });
    await runRoute(request, routePlan([a, b], { defaults: fragile }), { record: emptyRecord() }, world.deps);
    expect(world.calls.map((call) => call.target)).toEqual(['openai/model-a', 'deepseek/model-b']);
    expect(world.sleeps).toEqual([]);

    await runRoute(request, routePlan([a, b], { defaults: fragile }), { record: emptyRecord() }, world.deps);
    expect(world.calls.at(-1)?.target).toBe('deepseek/model-b'); // still open: skipped

    world.clock.now += 10_000; // half-open: one probe, which succeeds and closes it
    const outcome = await runRoute(request, routePlan([a, b], { defaults: fragile }), { record: emptyRecord() }, world.deps);
    expect(outcome.target.provider).toBe('openai');
    expect(world.deps.breakers.state(a.name, fragile.breaker)).toBe('closed');
  });
});

describe('runRoute and the caller', () => {
  it('stops at once when the client goes away, without retrying', async () => {
    const client = new AbortController();
    const world = harness({
      'openai/model-a': [
        async () => {
          client.abort();
          throw upstream(500);
        },
      ],
    });
    const error = await failureOf(
      runRoute(request, routePlan([a, b], { defaults }), { record: emptyRecord(), signal: client.signal }, world.deps),
    );
    expect(error.code).toBe('client_cancelled');
    expect(world.calls).toHaveLength(1);
  });
});
