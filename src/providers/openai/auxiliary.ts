import type { AuxiliaryRoles } from '../types';
import { buildOpenAICountRequest, parseOpenAICount, servesInputTokens } from './count-tokens';
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddingsResponse } from './embeddings';

/** OpenAI (and compatible hosts): embeddings, and the prompt count of `responses/input_tokens` where the host serves it. */
export const openaiAuxiliary = {
  embeddings: { buildRequest: buildOpenAIEmbeddingsRequest, parseResponse: parseOpenAIEmbeddingsResponse },
  countTokens: { serves: servesInputTokens, buildRequest: buildOpenAICountRequest, parseResponse: parseOpenAICount },
} satisfies AuxiliaryRoles;
