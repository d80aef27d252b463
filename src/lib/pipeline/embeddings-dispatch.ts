/**
 * One embeddings attempt against one provider. A provider family without embeddings
 * (e.g. Anthropic) is a 400 that says so, before anything is sent.
 */

import type { EmbeddingsRequest, EmbeddingsResult, ProviderAdapter, Target } from '../../providers/types';
import { invalidRequest } from '../http/errors';
import { adapterFor } from './chat-dispatch';
import { postToProvider, readProviderJson } from './provider-fetch';

export function embeddingsOf(adapter: ProviderAdapter, target: Target): NonNullable<ProviderAdapter['embeddings']> {
  if (!adapter.embeddings) {
    throw invalidRequest(`Provider '${target.provider}' does not offer embeddings.`, 'model', 'embeddings_not_supported');
  }
  return adapter.embeddings;
}

export async function callEmbeddings(request: EmbeddingsRequest, target: Target, signal?: AbortSignal): Promise<EmbeddingsResult> {
  const adapter = adapterFor(target);
  const embeddings = embeddingsOf(adapter, target);
  const response = await postToProvider(embeddings.buildRequest(request, target), target, adapter, { signal });
  return embeddings.parseResponse(await readProviderJson(response, target, { signal }), target);
}
