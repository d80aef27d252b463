/**
 * Cost of a request. Prices come from, in order: the operator's `pricing` in
 * SWITCHBOARD_CONFIG (per `provider/model`), the vendored dataset (vendored-prices.ts,
 * @pydantic/genai-prices), then the few hand-kept entries in model-catalog.ts. Cached input is priced as cache reads and cache writes as
 * writes; neither is also charged at the full input price (no double counting).
 *
 * Money is integer nano-dollars (1e-9 USD) everywhere it is stored or summed: prices are
 * turned into integer pico-dollars per token once, each part is multiplied in integers, and
 * only the sum is rounded to nano-dollars. `costUsd` is that integer divided once, for the edges.
 */
import type { Usage } from '../canonical';
import type { Config } from '../config';
import type { ModelPrice } from './model-catalog';
import { handKept } from './model-info';
import { priceAt, vendoredModel } from './vendored-prices';

/** Nano-dollars in one dollar. */
export const NANO_PER_USD = 1_000_000_000;
/** A price per million tokens in USD is this many pico-dollars per token, times 1e6. */
const PICO_PER_NANO = 1000;

/** The price of `provider/model` for a request made at `at` (some prices depend on the hour). */
export function priceFor(provider: string, model: string, config?: Config, at: number = Date.now()): ModelPrice | undefined {
  const override = config?.raw.pricing?.[`${provider}/${model}`];
  if (override) return override;
  const vendored = vendoredModel(provider, model);
  return vendored ? priceAt(vendored, at) : handKept(provider, model)?.price;
}

/** The price in force for a request of `inputTokens` (long-prompt tiers, when the model has them). */
function tierFor(price: ModelPrice, inputTokens: number): ModelPrice {
  let chosen: ModelPrice = price;
  for (const tier of price.tiers ?? []) if (inputTokens > tier.fromInputTokens) chosen = { ...price, ...tier.price };
  return chosen;
}

/** USD per million tokens → integer pico-dollars per token (exact for prices with up to 6 decimals). */
function picoPerToken(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1_000_000);
}

export function costNanoUsd(usage: Usage, listed: ModelPrice | undefined): number {
  if (!listed) return 0;
  const price = tierFor(listed, usage.inputTokens);
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const writtenHour = Math.min(written, usage.cacheWrite1hTokens ?? 0);
  const uncached = Math.max(0, usage.inputTokens - cached - written);
  const writePrice = price.cacheWrite ?? price.input;
  const pico =
    uncached * picoPerToken(price.input) +
    cached * picoPerToken(price.cacheRead ?? price.input) +
    (written - writtenHour) * picoPerToken(writePrice) +
    writtenHour * picoPerToken(price.cacheWrite1h ?? writePrice) +
    usage.outputTokens * picoPerToken(price.output);
  return Math.round(pico / PICO_PER_NANO);
}

export function costUsd(usage: Usage, price: ModelPrice | undefined): number {
  return nanoToUsd(costNanoUsd(usage, price));
}

/** Integer nano-dollars as a JSON number without float noise (one correctly rounded division). */
export function nanoToUsd(nano: number): number {
  return nano / NANO_PER_USD;
}
