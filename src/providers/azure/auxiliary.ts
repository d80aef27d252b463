import { parseOpenAIEmbeddingsResponse } from '../openai/embeddings';
import type { AuxiliaryRoles } from '../types';
import { buildAzureEmbeddingsRequest } from './embeddings';

/** Azure OpenAI: embeddings on a deployment URL, answered in OpenAI's shape. */
export const azureAuxiliary = {
  embeddings: { buildRequest: buildAzureEmbeddingsRequest, parseResponse: parseOpenAIEmbeddingsResponse },
} satisfies AuxiliaryRoles;
