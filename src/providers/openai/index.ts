import type { ProviderAdapter, Target } from '../types';
import { parseOpenAIError } from './error';
import { forwardOpenAIRequest } from './forward';
import { buildOpenAIProbeRequest } from './probe';
import { buildOpenAIChatRequest, credentialHeaders } from './request';
import { parseOpenAIChatResponse } from './response';
import { responsesRole, withResponsesDialect } from './responses/dialect';
import type { ResponsesEndpoint } from './responses/request';
import { createOpenAIStreamDecoder } from './stream';

const responsesEndpoint = (target: Target): ResponsesEndpoint => ({
  url: `${target.baseUrl}/responses`,
  headers: { 'content-type': 'application/json', ...credentialHeaders(target) },
});

/** OpenAI, and every OpenAI-compatible host (DeepSeek, Groq, Mistral, Together, OpenRouter, Ollama, vLLM …). */
export const openaiAdapter = {
  kind: 'openai',
  chat: withResponsesDialect(
    {
      buildRequest: buildOpenAIChatRequest,
      parseResponse: parseOpenAIChatResponse,
      createStreamDecoder: createOpenAIStreamDecoder,
      dialect: 'openai-chat',
      forwardRequest: forwardOpenAIRequest,
    },
    responsesEndpoint,
  ),
  responses: responsesRole(responsesEndpoint),
  parseError: parseOpenAIError,
  buildProbeRequest: buildOpenAIProbeRequest,
} satisfies ProviderAdapter;
