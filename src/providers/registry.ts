import { anthropicAdapter } from './anthropic';
import { azureAdapter } from './azure';
import { openaiAdapter } from './openai';
import type { AdapterKind, ProviderAdapter } from './types';

/**
 * Every adapter family, by kind. Adding a provider family touches its folder and this line, or
 * `onFirstUse` below. A family loaded on first use is here once `loadAdapters` has run for it.
 */
export const adapters: Partial<Record<AdapterKind, ProviderAdapter>> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  azure: azureAdapter,
};

/**
 * Families whose code is not in the Worker's startup set (issue 15): an isolate loads one with
 * `import()` the first time a request is planned to it, then finds it in `adapters`.
 */
const onFirstUse: Partial<Record<AdapterKind, () => Promise<ProviderAdapter>>> = {
  gemini: async () => (await import('./gemini')).geminiAdapter,
};

/** Make sure `adapters` holds each family named (nothing to wait for once it is loaded). */
export async function loadAdapters(kinds: Iterable<AdapterKind>): Promise<void> {
  for (const kind of kinds) {
    const load = adapters[kind] ? undefined : onFirstUse[kind];
    if (load) adapters[kind] = await load();
  }
}
