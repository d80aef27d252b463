import type { AuxiliaryRoles } from '../types';
import { buildAnthropicCountRequest, parseAnthropicCount } from './count-tokens';

/** Anthropic: `count_tokens` (no embeddings). */
export const anthropicAuxiliary = {
  countTokens: { buildRequest: buildAnthropicCountRequest, parseResponse: parseAnthropicCount },
} satisfies AuxiliaryRoles;
