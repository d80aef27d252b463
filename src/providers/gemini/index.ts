import type { ProviderAdapter } from '../types';
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
  parseError: parseGeminiError,
} satisfies ProviderAdapter;
