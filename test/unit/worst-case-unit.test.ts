/** The reservation's arithmetic: the dearest target, its own output cap, every billable attempt. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { getConfig } from '../../src/lib/config';
import { billableAttempts, worstCase } from '../../src/lib/limits/worst-case';
import { defaultRoutingSettings, RouteStrategy } from '../../src/lib/routing/route-config';
import type { PlannedTarget, RoutePlan } from '../../src/lib/routing/route-plan';

const config = getConfig({
  SWITCHBOARD_CONFIG: JSON.stringify({ pricing: { 'openai/cheap': { input: 1, output: 1 }, 'openai/dear': { input: 10, output: 20 } } }),
});

function target(model: string, overrides?: PlannedTarget['overrides']): PlannedTarget {
  return {
    name: `openai/${model}`,
    target: { provider: 'openai', adapter: 'openai', model, baseUrl: '', options: {} },
    weight: 1,
    overrides,
    timeouts: {},
  };
}

function plan(strategy: RouteStrategy, targets: PlannedTarget[], attemptsPerTarget = 2): RoutePlan {
  const settings = { ...defaultRoutingSettings, retry: { ...defaultRoutingSettings.retry, attemptsPerTarget } };
  return { strategy, targets, settings, deadlineMs: 1000 };
}

/** "hi" → 1 text token + 4 framing = 5 estimated prompt tokens. */
const request: ChatRequest = { model: 'x', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100 };

describe('worst case of a route plan', () => {
  it('prices the dearest target × (prompt + max output) × every attempt the plan may make', () => {
    const fallback = plan(RouteStrategy.fallback, [target('cheap'), target('dear')]);
    expect(billableAttempts(fallback)).toBe(4);
    // dear: 5 × $10/M + 100 × $20/M = 2050 µ$ = 2 050 000 nano-dollars per attempt.
    expect(worstCase(request, fallback, config)).toEqual({
      promptTokens: 5,
      tokens: 105,
      costNanoUsd: 4 * 2_050_000,
      billableAttempts: 4,
    });
  });

  it('a weighted route tries one target; its retries still count', () => {
    expect(billableAttempts(plan(RouteStrategy.weighted, [target('cheap'), target('dear')], 3))).toBe(3);
    expect(billableAttempts(plan(RouteStrategy.weightedFallback, [target('cheap'), target('dear')], 3))).toBe(6);
  });

  it("uses a target's own max_tokens override for its tokens and cost", () => {
    const overridden = plan(RouteStrategy.fallback, [target('cheap', { max_tokens: 1000 }), target('dear')], 1);
    const worst = worstCase(request, overridden, config);
    expect(worst.tokens).toBe(1005);
    // cheap: 1005 × $1/M = 1 005 000 nano-dollars; dear: 2 050 000: the dear one still dominates cost.
    expect(worst.costNanoUsd).toBe(2 * 2_050_000);
  });
});
