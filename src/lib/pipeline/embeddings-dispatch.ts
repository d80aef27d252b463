/**
 * One embeddings attempt against one provider. A provider family without embeddings
 * (e.g. Anthropic) is a 400 that says so, before anything is sent.
 */

import { auxiliaryRoles } from '../../providers/auxiliary-registry';
import type { AuxiliaryRoles, EmbeddingsRequest, EmbeddingsResult, Target } from '../../providers/types';
import { invalidRequest } from '../http/errors';
import { loadedAdapterFor } from './chat-dispatch';
import { postToProvider, readProviderJson } from './provider-fetch';

export function embeddingsOf(roles: AuxiliaryRoles | undefined, target: Target): NonNullable<AuxiliaryRoles['embeddings']> {
  if (!roles?.embeddings) {
    throw invalidRequest(`Provider '${target.provider}' does not offer embeddings.`, 'model', 'embeddings_not_supported');
  }
  return roles.embeddings;
}

export async function callEmbeddings(request: EmbeddingsRequest, target: Target, signal?: AbortSignal): Promise<EmbeddingsResult> {
  const adapter = await loadedAdapterFor(target);
  const embeddings = embeddingsOf(auxiliaryRoles[target.adapter], target);
  const response = await postToProvider(embeddings.buildRequest(request, target), target, adapter, { signal });
  return embeddings.parseResponse(await readProviderJson(response, target, { signal }), target);
}
