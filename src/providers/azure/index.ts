import { parseOpenAIError } from '../openai/error';
import { parseOpenAIChatResponse } from '../openai/response';
import { responsesRole, withResponsesDialect } from '../openai/responses/dialect';
import { createOpenAIStreamDecoder } from '../openai/stream';
import type { ProviderAdapter } from '../types';
import { forwardAzureRequest } from './forward';
import { buildAzureChatRequest } from './request';
import { azureResponsesEndpoint } from './responses';

/** Azure OpenAI: deployment URLs and `api-key`; responses, streams and errors are OpenAI's (chat or Responses API). */
export const azureAdapter = {
  kind: 'azure',
  chat: withResponsesDialect(
    {
      buildRequest: buildAzureChatRequest,
      parseResponse: parseOpenAIChatResponse,
      createStreamDecoder: createOpenAIStreamDecoder,
      dialect: 'openai-chat',
      forwardRequest: forwardAzureRequest,
    },
    azureResponsesEndpoint,
  ),
  responses: responsesRole(azureResponsesEndpoint),
  parseError: parseOpenAIError,
} satisfies ProviderAdapter;
