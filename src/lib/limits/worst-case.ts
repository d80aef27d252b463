/**
 * The most a request can cost and consume, computed from its route plan before it runs, so
 * that admission reserves what can actually be spent whichever way the model was named
 * (`provider/model` in the body, an alias, the `x-switchboard-route` header, a fallback chain).
 *
 *  - Tokens: the largest `prompt + maximum output` over the plan's targets (a target's route
 *    overrides may raise `max_tokens`); one request occupies one target at a time.
 *  - Cost: the most expensive target's price × (prompt + maximum output), once per attempt
 *    that can be billed. Any attempt can be billed: a timeout, a reset or a stream cut before
 *    its first content may each come after the provider started generating (and reasoning).
 *    So the count is every attempt the plan may make: the targets its strategy can try ×
 *    `retry.attemptsPerTarget`. Settlement gives back everything the request did not use.
 */
import type { ChatRequest } from '../canonical';
import type { Config } from '../config';
import { overrideFor } from '../models/model-info';
import { costNanoUsd, priceFor } from '../models/pricing';
import { estimatePromptTokens, maxOutputTokens } from '../models/tokens';
import { RouteStrategy } from '../routing/route-config';
import type { PlannedTarget, RoutePlan } from '../routing/route-plan';

export interface WorstCase {
  /** The request's estimated prompt tokens (every target gets the same prompt). */
  promptTokens: number;
  /** Estimated prompt tokens + the most output any target may produce. */
  tokens: number;
  /** Worst-case spend in integer nano-dollars, every billable attempt included. */
  costNanoUsd: number;
  /** How many attempts the reservation covers. */
  billableAttempts: number;
}

/** Attempts the plan may make: one target for `weighted`, all of them otherwise. */
export function billableAttempts(plan: Pick<RoutePlan, 'strategy' | 'targets' | 'settings'>): number {
  const targets = plan.strategy === RouteStrategy.weighted ? Math.min(1, plan.targets.length) : plan.targets.length;
  return targets * plan.settings.retry.attemptsPerTarget;
}

function requestFor(request: ChatRequest, planned: PlannedTarget): ChatRequest {
  return planned.overrides ? { ...request, ...planned.overrides } : request;
}

export function worstCase(request: ChatRequest, plan: RoutePlan, config: Config): WorstCase {
  const promptTokens = estimatePromptTokens(request);
  let tokens = 0;
  let mostExpensive = 0;
  for (const planned of plan.targets) {
    const { provider, model, options } = planned.target;
    const outputTokens = maxOutputTokens(requestFor(request, planned), provider, model, overrideFor(options, model));
    tokens = Math.max(tokens, promptTokens + outputTokens);
    const cost = costNanoUsd({ inputTokens: promptTokens, outputTokens }, priceFor(provider, model, config));
    mostExpensive = Math.max(mostExpensive, cost);
  }
  const attempts = billableAttempts(plan);
  return { promptTokens, tokens, costNanoUsd: mostExpensive * attempts, billableAttempts: attempts };
}
