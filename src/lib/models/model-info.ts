/**
 * The one lookup of what is known of a model: context window, output limit, capabilities.
 * Field by field, the first that says wins:
 *  1. the operator's SWITCHBOARD_CONFIG `models["provider/model"]` (model-overrides.ts), carried
 *     on the provider's options so every adapter sees it;
 *  2. the vendored dataset (vendored-limits.ts: models.dev, genai-prices' context windows);
 *  3. the hand-kept entries (model-catalog.ts) for what the dataset does not have.
 * Capabilities the dataset cannot say (`responses_only`) are added from the hand-kept entry.
 * A dated id the hand-kept table does not list (`claude-sonnet-4-5-20250929`) takes its family's
 * hand-kept limits and capabilities (the price dataset's match rules tell the family), never its
 * flags (`reasoningParameters`) or price.
 */
import type { OpenAICompatibleOptions } from '../../providers/types';
import { type Capability, handKeptModels, type ModelInfo, type ModelOverride } from './model-catalog';
import { vendoredLimits, vendoredListsModel, vendoredModelIds } from './vendored-limits';
import { vendoredModel } from './vendored-prices';

/** Capabilities only the hand-kept table knows. */
const HAND_ONLY: Capability[] = ['responses_only', 'embeddings'];

function capabilitiesOf(dataset: Capability[] | undefined, hand: Capability[] | undefined): Capability[] | undefined {
  if (!dataset) return hand;
  const extra = (hand ?? []).filter((capability) => HAND_ONLY.includes(capability) && !dataset.includes(capability));
  return extra.length > 0 ? [...dataset, ...extra] : dataset;
}

/** The hand-kept entry for exactly `model` (an id like `constructor` is no entry). */
export function handKept(provider: string, model: string): ModelInfo | undefined {
  const table = Object.hasOwn(handKeptModels, provider) ? handKeptModels[provider] : undefined;
  return table && Object.hasOwn(table, model) ? table[model] : undefined;
}

/** The hand-kept entry of the price dataset's family of `model` (a dated or aliased id). */
function familyEntry(provider: string, model: string): ModelInfo | undefined {
  const id = vendoredModel(provider, model)?.id;
  return id !== undefined && id !== model ? handKept(provider, id) : undefined;
}

export function modelInfo(provider: string, model: string, override?: ModelOverride): ModelInfo | undefined {
  const hand = handKept(provider, model);
  const family = hand ? undefined : familyEntry(provider, model);
  const dataset = vendoredLimits(provider, model);
  if (!hand && !family && !dataset && !override) return undefined;
  const info: ModelInfo = { ...hand };
  const kept = hand ?? family;
  const contextWindow = override?.contextWindow ?? dataset?.contextWindow ?? kept?.contextWindow;
  const maxOutputTokens = override?.maxOutputTokens ?? dataset?.maxOutputTokens ?? kept?.maxOutputTokens;
  const capabilities = override?.capabilities ?? capabilitiesOf(dataset?.capabilities, kept?.capabilities);
  if (contextWindow !== undefined) info.contextWindow = contextWindow;
  if (maxOutputTokens !== undefined) info.maxOutputTokens = maxOutputTokens;
  if (capabilities !== undefined) info.capabilities = capabilities;
  return info;
}

/** The operator's entry for `model` in its provider's options (SWITCHBOARD_CONFIG `models`). */
export function overrideFor(options: OpenAICompatibleOptions | undefined, model: string): ModelOverride | undefined {
  const overrides = options?.models;
  return overrides && Object.hasOwn(overrides, model) ? overrides[model] : undefined;
}

/** A call target's model, with its provider's SWITCHBOARD_CONFIG overrides. */
export function targetModelInfo(target: { provider: string; model: string; options: OpenAICompatibleOptions }): ModelInfo | undefined {
  return modelInfo(target.provider, target.model, overrideFor(target.options, target.model));
}

/** Every model id known for `provider`: the dataset's, the hand-kept ones and the operator's. */
export function knownModelIds(provider: string, options?: OpenAICompatibleOptions): string[] {
  const hand = Object.hasOwn(handKeptModels, provider) ? Object.keys(handKeptModels[provider] ?? {}) : [];
  const ids = new Set([...vendoredModelIds(provider), ...hand]);
  for (const id of Object.keys(options?.models ?? {})) ids.add(id);
  return [...ids];
}

/**
 * Whether `provider` serves `model`, as far as the gateway knows: the operator's `models`, the
 * hand-kept table, the limits dataset, or a price row's match rule (`mistral-large-latest`).
 */
export function listsModel(provider: string, model: string, options?: OpenAICompatibleOptions): boolean {
  return (
    handKept(provider, model) !== undefined ||
    Object.hasOwn(options?.models ?? {}, model) ||
    vendoredListsModel(provider, model) ||
    vendoredModel(provider, model) !== undefined
  );
}

/**
 * Model families that exist only on OpenAI's Responses API, for ids the catalog does not list
 * (dated snapshots, new versions and variants): `o3-pro-2025-06-10`, `gpt-5.2-pro`,
 * `gpt-5.1-codex-max`, `codex-mini-latest` … Azure deployments are usually named after their model, so the same
 * families apply there; any other deployment name is set in SWITCHBOARD_CONFIG `api`.
 */
const openaiResponsesOnly = /^(o\d+-pro|gpt-\d+(\.\d+)?-pro|gpt-\d+(\.\d+)?-codex|codex-mini)(-|$)/;
const responsesOnlyFamilies: Record<string, RegExp> = { openai: openaiResponsesOnly, azure: openaiResponsesOnly };

/** Whether `provider/model` must be called through the Responses API (no chat completions). */
export function requiresResponsesApi(provider: string, model: string): boolean {
  const hand = handKept(provider, model);
  if (hand?.capabilities) return hand.capabilities.includes('responses_only');
  return responsesOnlyFamilies[provider]?.test(model) ?? false;
}
