/**
 * Which OpenAI API a target is called through, and the adapter's `chat` role built on it.
 *
 * `api: "responses" | "chat"` comes from SWITCHBOARD_CONFIG (`api`, per provider or per
 * `provider/model`, see lib/models/api-dialect.ts) and is resolved into `target.options`; when
 * unset, the model catalog decides (`responses_only` models and families: `-pro`, codex). The
 * same adapter serves OpenAI, Azure and every compatible host that offers `/responses`
 * (xAI, OpenRouter, Groq): configuration, not copies.
 */
import type { ChatRequest } from '../../../lib/canonical';
import { requiresResponsesApi } from '../../../lib/models/model-info';
import type { HttpRequestSpec, OpenAIApi, ProviderAdapter, ResponsesRole, Target } from '../../types';
import { forwardResponsesRequest, keepsResponsesState, servesResponsesApi } from './passthrough';
import { buildResponsesRequest, type ResponsesEndpoint } from './request';
import { parseResponsesResponse } from './response';
import { createResponsesStreamDecoder } from './stream';

export function apiFor(target: Target): OpenAIApi {
  const configured = target.options.modelApis?.[target.model] ?? target.options.api;
  if (configured) return configured;
  return requiresResponsesApi(target.provider, target.model) ? 'responses' : 'chat';
}

type ChatRole = ProviderAdapter['chat'];

/** The `chat` role of an OpenAI-family adapter: chat completions, or the Responses API per target. */
export function withResponsesDialect(chat: ChatRole, endpoint: (target: Target) => ResponsesEndpoint): ChatRole {
  return {
    ...chat,
    // A chat-completions body cannot go as is to a model served only by the Responses API.
    forwards: (target: Target) => apiFor(target) !== 'responses' && (chat.forwards?.(target) ?? true),
    runsBuiltInTools: (target: Target) => apiFor(target) === 'responses',
    buildRequest(request: ChatRequest, target: Target): HttpRequestSpec {
      return apiFor(target) === 'responses' ? buildResponsesRequest(request, target, endpoint(target)) : chat.buildRequest(request, target);
    },
    parseResponse(body: unknown, target: Target) {
      return apiFor(target) === 'responses' ? parseResponsesResponse(body) : chat.parseResponse(body, target);
    },
    createStreamDecoder(target: Target) {
      return apiFor(target) === 'responses' ? createResponsesStreamDecoder() : chat.createStreamDecoder(target);
    },
  };
}

/** The adapter's `responses` role: the same-dialect lane, at this adapter's Responses URL. */
export function responsesRole(endpoint: (target: Target) => ResponsesEndpoint): ResponsesRole {
  return {
    serves: servesResponsesApi,
    keepsState: keepsResponsesState,
    forwardRequest: (body, edits, target) => forwardResponsesRequest(body, edits, target, endpoint(target)),
    parseResponse: parseResponsesResponse,
    createStreamDecoder: createResponsesStreamDecoder,
  };
}
