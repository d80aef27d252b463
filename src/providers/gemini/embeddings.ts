/**
 * OpenAI-shaped embeddings request → Gemini `embedContent` (one input) or
 * `batchEmbedContents` (several). Gemini embeds text only: token-array input is a 400.
 * Gemini reports no token usage for embeddings; the gateway estimates it (embeddings-pipeline).
 */
import { GatewayError, invalidRequest } from '../../lib/http/errors';
import type { EmbeddingsRequest, EmbeddingsResult, HttpRequestSpec, Target } from '../types';
import { geminiHeaders, geminiModelUrl } from './request';
import { embedContentResponse } from './wire';

function textInputs(input: EmbeddingsRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw invalidRequest('Gemini embeds text only; send `input` as a string or an array of strings, not tokens.', 'input');
}

export function buildGeminiEmbeddingsRequest(request: EmbeddingsRequest, target: Target): HttpRequestSpec {
  const texts = textInputs(request.input);
  const one = (text: string) => {
    const item: Record<string, unknown> = { content: { parts: [{ text }] } };
    if (request.dimensions !== undefined) item.outputDimensionality = request.dimensions;
    return item;
  };
  const [only] = texts;
  if (texts.length === 1 && only !== undefined) {
    return { url: geminiModelUrl(target, 'embedContent'), headers: geminiHeaders(target), body: JSON.stringify(one(only)) };
  }
  const requests = texts.map((text) => ({ model: `models/${target.model}`, ...one(text) }));
  return { url: geminiModelUrl(target, 'batchEmbedContents'), headers: geminiHeaders(target), body: JSON.stringify({ requests }) };
}

export function parseGeminiEmbeddingsResponse(body: unknown, target: Target): EmbeddingsResult {
  const parsed = embedContentResponse.safeParse(body);
  const vectors = parsed.success ? (parsed.data.embeddings ?? (parsed.data.embedding ? [parsed.data.embedding] : undefined)) : undefined;
  if (!parsed.success || !vectors) {
    throw new GatewayError('upstream', 'The provider returned an embeddings response the gateway could not read.', {
      code: 'upstream_malformed_response',
      retryable: true,
    });
  }
  const result: EmbeddingsResult = { model: target.model, data: vectors.map((vector, index) => ({ index, embedding: vector.values })) };
  const promptTokens = parsed.data.usageMetadata?.promptTokenCount;
  if (promptTokens != null) result.usage = { inputTokens: promptTokens, outputTokens: 0 };
  return result;
}
