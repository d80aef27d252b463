import type { ProviderAdapter } from '../types';
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddingsResponse } from './embeddings';
import { parseOpenAIError } from './error';
import { buildOpenAIProbeRequest } from './probe';
import { buildOpenAIChatRequest, credentialHeaders } from './request';
import { parseOpenAIChatResponse } from './response';
import { withResponsesDialect } from './responses/dialect';
import { createOpenAIStreamDecoder } from './stream';

/** OpenAI, and every OpenAI-compatible host (DeepSeek, Groq, Mistral, Together, OpenRouter, Ollama, vLLM …). */
export const openaiAdapter = {
  kind: 'openai',
  chat: withResponsesDialect(
    {
      buildRequest: buildOpenAIChatRequest,
      parseResponse: parseOpenAIChatResponse,
      createStreamDecoder: createOpenAIStreamDecoder,
    },
    (target) => ({ url: `${target.baseUrl}/responses`, headers: { 'content-type': 'application/json', ...credentialHeaders(target) } }),
  ),
  embeddings: {
    buildRequest: buildOpenAIEmbeddingsRequest,
    parseResponse: parseOpenAIEmbeddingsResponse,
  },
  parseError: parseOpenAIError,
  buildProbeRequest: buildOpenAIProbeRequest,
} satisfies ProviderAdapter;
