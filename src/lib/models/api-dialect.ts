/**
 * SWITCHBOARD_CONFIG `api`: which OpenAI API serves a provider, or one of its models.
 *
 *     "api": { "azure": "responses", "openai/gpt-4.1": "responses", "xai/grok-4": "chat" }
 *
 * A key is a provider id (every model of it) or `provider/model` (one model; wins over the
 * provider's entry). Only OpenAI-family providers (adapter `openai` or `azure`) have two APIs;
 * naming another is a configuration error. Without an entry the model catalog decides
 * (`responses_only` models go to the Responses API, everything else to chat completions).
 */
import type { AdapterKind, OpenAIApi, OpenAICompatibleOptions } from '../../providers/types';
import * as z from '../zod';

export const apiOverridesSchema = z.record(
  z.string().check(z.regex(/^[a-z][a-z0-9-]*(\/.+)?$/, "must be 'provider' or 'provider/model'")),
  z.enum(['chat', 'responses']),
);
export type ApiOverrides = z.infer<typeof apiOverridesSchema>;

const TWO_API_ADAPTERS: readonly AdapterKind[] = ['openai', 'azure'];

function splitKey(key: string): { provider: string; model?: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { provider: key } : { provider: key.slice(0, slash), model: key.slice(slash + 1) };
}

/** The first problem with the overrides, given each known provider's adapter; undefined when fine. */
export function checkApiOverrides(
  overrides: ApiOverrides,
  adapterOf: (provider: string) => AdapterKind | undefined,
): { key: string; message: string } | undefined {
  for (const key of Object.keys(overrides)) {
    const { provider } = splitKey(key);
    const adapter = adapterOf(provider);
    if (!adapter) return { key, message: `unknown provider '${provider}'` };
    if (!TWO_API_ADAPTERS.includes(adapter))
      return { key, message: `provider '${provider}' (adapter '${adapter}') has no OpenAI Responses API` };
  }
  return undefined;
}

/** Copy the entries for `provider` into its options (`api`, `modelApis`). */
export function applyApiOverrides(provider: string, options: OpenAICompatibleOptions, overrides: ApiOverrides | undefined): void {
  if (!overrides) return;
  for (const [key, api] of Object.entries(overrides) as [string, OpenAIApi][]) {
    const parts = splitKey(key);
    if (parts.provider !== provider) continue;
    if (parts.model === undefined) options.api = api;
    else options.modelApis = { ...options.modelApis, [parts.model]: api };
  }
}
