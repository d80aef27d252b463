import type { AuxiliaryRoles } from '../types';
import { buildGeminiCountRequest, parseGeminiCount } from './count-tokens';
import { buildGeminiEmbeddingsRequest, parseGeminiEmbeddingsResponse } from './embeddings';

/** Gemini: embeddings and `countTokens`. */
export const geminiAuxiliary = {
  embeddings: { buildRequest: buildGeminiEmbeddingsRequest, parseResponse: parseGeminiEmbeddingsResponse },
  countTokens: { buildRequest: buildGeminiCountRequest, parseResponse: parseGeminiCount },
} satisfies AuxiliaryRoles;
