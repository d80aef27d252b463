/**
 * Prices from the vendored dataset (vendored-prices.generated.ts, written at build time by
 * scripts/vendor-catalog.mjs from @pydantic/genai-prices): each provider's models with the
 * dataset's own match rules, so dated and aliased ids (`claude-sonnet-4-5-20250929`,
 * `gpt-4o-mini-2024-07-18`) find their price without a hand-kept alias list.
 */
import type { ModelPrice } from './model-catalog';
import { vendoredCatalog as generated } from './vendored-prices.generated';

/** The dataset's match rules, evaluated against the upstream model id. */
export type MatchLogic =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchLogic[] }
  | { and: MatchLogic[] };

export interface VendoredModel {
  id: string;
  match: MatchLogic;
  price: ModelPrice;
  /** Prices in force during a daily UTC window (`HH:MM`, `to` exclusive), instead of `price`. */
  hours?: { from: string; to: string; price: ModelPrice }[];
}

/**
 * The generated file's compact rows (gzip-friendly: the bundle stays under 100 KB):
 * `[id, match | 0 (= equals id), price row, [[from, to, price row], …]?]`, where a price row is
 * `[input, output, cacheRead?, cacheWrite?, cacheWrite1h?, [[fromInputTokens, price row], …]?]`
 * in USD per million tokens (null = absent).
 */
type PriceRow = (number | null | [number, PriceRow][])[];
type VendoredRow = [string, MatchLogic | 0, PriceRow, [string, string, PriceRow][]?];
export type VendoredCatalog = Record<string, VendoredRow[]>;

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;

function toPrice(row: PriceRow): ModelPrice {
  const price: ModelPrice = { input: 0, output: 0 };
  row.forEach((value, index) => {
    const field = PRICE_FIELDS[index];
    if (typeof value === 'number' && field) price[field] = value;
    else if (Array.isArray(value)) price.tiers = value.map(([fromInputTokens, tier]) => ({ fromInputTokens, price: toPrice(tier) }));
  });
  return price;
}

function toModel([id, match, price, hours]: VendoredRow): VendoredModel {
  const model: VendoredModel = { id, match: match === 0 ? { equals: id } : match, price: toPrice(price) };
  if (hours) model.hours = hours.map(([from, to, row]) => ({ from, to, price: toPrice(row) }));
  return model;
}

/** The model's price at an instant (its daily UTC windows, else its base price). */
export function priceAt(entry: VendoredModel, at: number): ModelPrice {
  // Most models have no windows: no date formatting then (this runs several times per request).
  if (!entry.hours?.length) return entry.price;
  const time = new Date(at).toISOString().slice(11, 16);
  for (const window of entry.hours ?? []) {
    const inside = window.from <= window.to ? time >= window.from && time < window.to : time >= window.from || time < window.to;
    if (inside) return window.price;
  }
  return entry.price;
}

// The generated literal is typed by this module (a tuple type on 19 KB of JSON would slow the compiler for nothing).
const vendoredCatalog = generated as unknown as VendoredCatalog;

const regexes = new Map<string, RegExp>();

function matches(logic: MatchLogic, model: string): boolean {
  if ('equals' in logic) return model === logic.equals;
  if ('starts_with' in logic) return model.startsWith(logic.starts_with);
  if ('ends_with' in logic) return model.endsWith(logic.ends_with);
  if ('contains' in logic) return model.includes(logic.contains);
  if ('regex' in logic) {
    let pattern = regexes.get(logic.regex);
    if (!pattern) {
      pattern = new RegExp(logic.regex);
      regexes.set(logic.regex, pattern);
    }
    return pattern.test(model);
  }
  if ('or' in logic) return logic.or.some((inner) => matches(inner, model));
  return logic.and.every((inner) => matches(inner, model));
}

/** Lookups are repeated for every request of a model: remember them (bounded). */
const found = new Map<string, VendoredModel | null>();
const MAX_REMEMBERED = 1000;

/** The dataset's entry for `provider`'s `model`: an exact id first, then the first rule that matches. */
export function vendoredModel(provider: string, model: string, catalog: VendoredCatalog = vendoredCatalog): VendoredModel | undefined {
  const cacheable = catalog === vendoredCatalog;
  const key = `${provider}/${model}`;
  const remembered = cacheable ? found.get(key) : undefined;
  if (remembered !== undefined) return remembered ?? undefined;
  // Own keys only: a provider id like `constructor` is no provider of the dataset.
  const rows = (Object.hasOwn(catalog, provider) ? catalog[provider] : undefined) ?? [];
  const lower = model.toLowerCase();
  const row =
    rows.find((candidate) => candidate[0] === lower) ?? rows.find(([id, match]) => matches(match === 0 ? { equals: id } : match, lower));
  const entry = row && toModel(row);
  if (cacheable) {
    if (found.size >= MAX_REMEMBERED) found.clear();
    found.set(key, entry ?? null);
  }
  return entry;
}
