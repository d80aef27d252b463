import type { ProviderAdapter } from '../types';
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddingsResponse } from './embeddings';
import { parseOpenAIError } from './error';
import { forwardOpenAIRequest } from './forward';
import { buildOpenAIProbeRequest } from './probe';
import { buildOpenAIChatRequest } from './request';
import { parseOpenAIChatResponse } from './response';
import { createOpenAIStreamDecoder } from './stream';

/** OpenAI, and every OpenAI-compatible host (DeepSeek, Groq, Mistral, Together, OpenRouter, Ollama, vLLM …). */
export const openaiAdapter = {
  kind: 'openai',
  chat: {
    buildRequest: buildOpenAIChatRequest,
    parseResponse: parseOpenAIChatResponse,
    createStreamDecoder: createOpenAIStreamDecoder,
    dialect: 'openai-chat',
    forwardRequest: forwardOpenAIRequest,
  },
  embeddings: {
    buildRequest: buildOpenAIEmbeddingsRequest,
    parseResponse: parseOpenAIEmbeddingsResponse,
  },
  parseError: parseOpenAIError,
  buildProbeRequest: buildOpenAIProbeRequest,
} satisfies ProviderAdapter;
