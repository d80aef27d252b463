/**
 * `POST {base}/embeddings` for OpenAI and every OpenAI-compatible host (and, with the model
 * left out of the body, Azure deployments). Vectors are always asked for as floats: some
 * compatible hosts lack base64, and the gateway's surface encodes base64 itself when asked.
 * A base64 answer is still read, in case a host ignores `encoding_format`.
 */

import { decodeBase64Floats } from '../../lib/base64-floats';
import * as z from '../../lib/zod';
import { readWire } from '../read-wire';
import type { EmbeddingsRequest, EmbeddingsResult, HttpRequestSpec, Target } from '../types';
import { credentialHeaders } from './request';

const embeddingsResponse = z.looseObject({
  model: z.nullish(z.string()),
  data: z.array(z.looseObject({ index: z.nullish(z.int()), embedding: z.union([z.array(z.number()), z.string()]) })),
  usage: z.nullish(z.looseObject({ prompt_tokens: z.nullish(z.number()), total_tokens: z.nullish(z.number()) })),
});

export function toOpenAIEmbeddingsBody(request: EmbeddingsRequest, model: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { input: request.input, encoding_format: 'float' };
  if (model !== undefined) body.model = model;
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  if (request.user !== undefined) body.user = request.user;
  return body;
}

export function buildOpenAIEmbeddingsRequest(request: EmbeddingsRequest, target: Target): HttpRequestSpec {
  return {
    url: `${target.baseUrl}/embeddings`,
    headers: { 'content-type': 'application/json', ...credentialHeaders(target) },
    body: JSON.stringify(toOpenAIEmbeddingsBody(request, target.model)),
  };
}

export function parseOpenAIEmbeddingsResponse(body: unknown, target: Target): EmbeddingsResult {
  const wire = readWire(embeddingsResponse, body, 'an embeddings response');
  const result: EmbeddingsResult = {
    model: wire.model || target.model,
    data: wire.data.map((item, position) => ({
      index: item.index ?? position,
      embedding: typeof item.embedding === 'string' ? decodeBase64Floats(item.embedding) : item.embedding,
    })),
  };
  if (wire.usage?.prompt_tokens != null) result.usage = { inputTokens: wire.usage.prompt_tokens, outputTokens: 0 };
  return result;
}
