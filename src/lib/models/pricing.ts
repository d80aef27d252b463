/**
 * Cost of a request in USD from the price table (model-catalog.ts, overridable per model in
 * SWITCHBOARD_CONFIG `pricing`). Cached input is priced as cache reads and cache writes as
 * writes; neither is also charged at the full input price (no double counting).
 */
import type { Usage } from '../canonical';
import type { Config } from '../config';
import { type ModelPrice, modelInfo } from './model-catalog';

const PER_MILLION = 1_000_000;

export function priceFor(provider: string, model: string, config?: Config): ModelPrice | undefined {
  const overrides = config?.raw.pricing;
  return overrides?.[`${provider}/${model}`] ?? modelInfo(provider, model)?.price;
}

export function costUsd(usage: Usage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, usage.inputTokens - cached - written);
  const cost =
    uncached * price.input +
    cached * (price.cacheRead ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return cost / PER_MILLION;
}
