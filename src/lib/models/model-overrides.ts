/**
 * SWITCHBOARD_CONFIG `models`: an operator's limits and capabilities for `provider/model`,
 * winning over the vendored dataset and the hand-kept table (model-info.ts).
 *
 *     "models": { "openai/gpt-4o": { "maxOutputTokens": 4096 }, "azure/prod-chat": { "contextWindow": 128000 } }
 *
 * Copied into the provider's options (`models`), as `api` is, so every adapter and the
 * admission estimate see the same entry.
 */
import type { OpenAICompatibleOptions } from '../../providers/types';
import * as z from '../zod';

const capabilitySchema = z.enum(['chat', 'tools', 'vision', 'reasoning', 'json_schema', 'embeddings', 'responses_only']);

export const modelOverridesSchema = z.record(
  z.string().check(z.regex(/^[a-z][a-z0-9-]*\/.+$/, "must be 'provider/model'")),
  z.strictObject({
    contextWindow: z.optional(z.int().check(z.gte(1))),
    maxOutputTokens: z.optional(z.int().check(z.gte(1))),
    capabilities: z.optional(z.array(capabilitySchema)),
  }),
);
export type ModelOverrides = z.infer<typeof modelOverridesSchema>;

/** The first key naming a provider the gateway does not know; undefined when fine. */
export function checkModelOverrides(overrides: ModelOverrides, known: (provider: string) => boolean): string | undefined {
  return Object.keys(overrides).find((key) => !known(key.slice(0, key.indexOf('/'))));
}

/** Copy the entries for `provider` into its options (`models`, keyed by model id). */
export function applyModelOverrides(provider: string, options: OpenAICompatibleOptions, overrides: ModelOverrides | undefined): void {
  if (!overrides) return;
  for (const [key, override] of Object.entries(overrides)) {
    const slash = key.indexOf('/');
    if (key.slice(0, slash) !== provider) continue;
    const entry: NonNullable<OpenAICompatibleOptions['models']>[string] = {};
    if (override.contextWindow !== undefined) entry.contextWindow = override.contextWindow;
    if (override.maxOutputTokens !== undefined) entry.maxOutputTokens = override.maxOutputTokens;
    if (override.capabilities !== undefined) entry.capabilities = override.capabilities;
    options.models = { ...options.models, [key.slice(slash + 1)]: entry };
  }
}
