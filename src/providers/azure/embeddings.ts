import { toOpenAIEmbeddingsBody } from '../openai/embeddings';
import type { EmbeddingsRequest, HttpRequestSpec, Target } from '../types';
import { azureDeploymentUrl, azureHeaders } from './request';

/** `{endpoint}/openai/deployments/{deployment}/embeddings`: OpenAI's body without `model`. */
export function buildAzureEmbeddingsRequest(request: EmbeddingsRequest, target: Target): HttpRequestSpec {
  return {
    url: azureDeploymentUrl(target, 'embeddings'),
    headers: azureHeaders(target),
    body: JSON.stringify(toOpenAIEmbeddingsBody(request, undefined)),
  };
}
