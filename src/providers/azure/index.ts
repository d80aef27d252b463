import { parseOpenAIEmbeddingsResponse } from '../openai/embeddings';
import { parseOpenAIError } from '../openai/error';
import { parseOpenAIChatResponse } from '../openai/response';
import { createOpenAIStreamDecoder } from '../openai/stream';
import type { ProviderAdapter } from '../types';
import { buildAzureEmbeddingsRequest } from './embeddings';
import { forwardAzureRequest } from './forward';
import { buildAzureChatRequest } from './request';

/** Azure OpenAI: deployment URLs and `api-key`; responses, streams and errors are OpenAI's. */
export const azureAdapter = {
  kind: 'azure',
  chat: {
    buildRequest: buildAzureChatRequest,
    parseResponse: parseOpenAIChatResponse,
    createStreamDecoder: createOpenAIStreamDecoder,
    dialect: 'openai-chat',
    forwardRequest: forwardAzureRequest,
  },
  embeddings: {
    buildRequest: buildAzureEmbeddingsRequest,
    parseResponse: parseOpenAIEmbeddingsResponse,
  },
  parseError: parseOpenAIError,
} satisfies ProviderAdapter;
