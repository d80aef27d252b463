/**
 * `/v1/messages` on the same-dialect lane (lib/pipeline/same-dialect.ts): what the gateway
 * itself reads from a body the strict schema refused (Claude Code's `context_management`, a
 * block type added last week …), and the error event it adds to a forwarded stream.
 */
import type { ChatRequest } from '../../lib/canonical';
import { errorBody } from '../../lib/http/error-response';
import type { GatewayError } from '../../lib/http/errors';
import { validate } from '../../lib/http/validation';
import { encodeSse } from '../../lib/streams/sse';
import * as z from '../../lib/zod';
import { contentText, textMessage } from '../openai/forward';

const interpreted = z.looseObject({
  model: z.string().check(z.minLength(1)),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })).check(z.minLength(1)),
  max_tokens: z.int().check(z.gte(1)),
  stream: z.optional(z.boolean()),
  temperature: z.optional(z.number()),
  system: z.optional(z.union([z.string(), z.array(z.unknown())])),
});

/** Fields that never change the output, left out of the cache key as on the translated lane. */
const OUTSIDE_CACHE_KEY = new Set(['stream', 'metadata']);

export function messagesStandIn(body: Record<string, unknown>): ChatRequest {
  const request = validate(interpreted, body);
  const system = contentText(request.system);
  const keyed = Object.fromEntries(Object.entries(body).filter(([name]) => !OUTSIDE_CACHE_KEY.has(name)));
  return {
    model: request.model,
    messages: [...(system ? [textMessage('system', system)] : []), ...request.messages.map((m) => textMessage(m.role, m.content))],
    max_tokens: request.max_tokens,
    ...(request.stream !== undefined ? { stream: request.stream } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    // The whole body is what the answer depends on: the cache key must cover it.
    anthropic_body: keyed,
  } as ChatRequest;
}

export function encodeMessagesStreamError(requestId: string): (error: GatewayError) => string {
  return (error) => encodeSse(JSON.stringify(errorBody(error, 'anthropic', requestId)), 'error');
}
