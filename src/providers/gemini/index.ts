import type { ProviderAdapter } from '../types';
import { buildGeminiCountRequest, parseGeminiCount } from './count-tokens';
import { buildGeminiEmbeddingsRequest, parseGeminiEmbeddingsResponse } from './embeddings';
import { parseGeminiError } from './error';
import { buildGeminiChatRequest } from './request';
import { parseGeminiChatResponse } from './response';
import { createGeminiStreamDecoder } from './stream';

/** Google Gemini (Generative Language API): chat, streaming, tools, thinking, embeddings. */
export const geminiAdapter = {
  kind: 'gemini',
  chat: {
    buildRequest: buildGeminiChatRequest,
    parseResponse: parseGeminiChatResponse,
    createStreamDecoder: createGeminiStreamDecoder,
  },
  embeddings: {
    buildRequest: buildGeminiEmbeddingsRequest,
    parseResponse: parseGeminiEmbeddingsResponse,
  },
  countTokens: { buildRequest: buildGeminiCountRequest, parseResponse: parseGeminiCount },
  parseError: parseGeminiError,
} satisfies ProviderAdapter;
