import type { ProviderAdapter } from '../types';
import { parseAnthropicError } from './error';
import { forwardAnthropicRequest } from './forward';
import { buildAnthropicChatRequest } from './request';
import { parseAnthropicChatResponse } from './response';
import { createAnthropicStreamDecoder } from './stream';

/** Anthropic Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`). */
export const anthropicAdapter = {
  kind: 'anthropic',
  chat: {
    buildRequest: buildAnthropicChatRequest,
    parseResponse: (body) => parseAnthropicChatResponse(body),
    createStreamDecoder: () => createAnthropicStreamDecoder(),
    dialect: 'anthropic-messages',
    forwardRequest: forwardAnthropicRequest,
  },
  parseError: parseAnthropicError,
} satisfies ProviderAdapter;
