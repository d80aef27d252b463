import { anthropicAuxiliary } from './anthropic/auxiliary';
import { azureAuxiliary } from './azure/auxiliary';
import { geminiAuxiliary } from './gemini/auxiliary';
import { openaiAuxiliary } from './openai/auxiliary';
import type { AdapterKind, AuxiliaryRoles } from './types';

/**
 * Every adapter family's embeddings and token-count roles, by kind (types.ts, AuxiliaryRoles).
 * Imported only by the embeddings and token-count endpoints, which load on first use.
 */
export const auxiliaryRoles: Partial<Record<AdapterKind, AuxiliaryRoles>> = {
  openai: openaiAuxiliary,
  anthropic: anthropicAuxiliary,
  gemini: geminiAuxiliary,
  azure: azureAuxiliary,
};
