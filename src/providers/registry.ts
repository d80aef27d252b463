import { anthropicAdapter } from './anthropic';
import { azureAdapter } from './azure';
import { geminiAdapter } from './gemini';
import { openaiAdapter } from './openai';
import type { AdapterKind, ProviderAdapter } from './types';

/** Every adapter family, by kind. Adding a provider family touches its folder and this line. */
export const adapters: Partial<Record<AdapterKind, ProviderAdapter>> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  azure: azureAdapter,
};
