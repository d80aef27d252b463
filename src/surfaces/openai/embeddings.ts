import { encodeBase64Floats } from '../../lib/base64-floats';
import type { EmbeddingsResult } from '../../providers/types';

/** Canonical embeddings → OpenAI's `list` of `embedding`s; base64 encoded here when asked. */
export function toOpenAIEmbeddings(result: Required<EmbeddingsResult>, encoding: 'float' | 'base64'): Record<string, unknown> {
  const usage: Record<string, unknown> = { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens };
  if (result.usage.estimated) usage.estimated = true;
  return {
    object: 'list',
    data: result.data.map((item) => ({
      object: 'embedding',
      index: item.index,
      embedding: encoding === 'base64' ? encodeBase64Floats(item.embedding) : item.embedding,
    })),
    model: result.model,
    usage,
  };
}
