/**
 * `/v1/chat/completions` on the same-dialect lane (lib/pipeline/same-dialect.ts): what the
 * gateway itself reads from a body the strict schema refused, and the error event it adds to a
 * forwarded stream. The body itself goes upstream untouched.
 */
import type { ChatRequest } from '../../lib/canonical';
import type { ChatMessage } from '../../lib/chat-request-schema';
import { errorBody } from '../../lib/http/error-response';
import type { GatewayError } from '../../lib/http/errors';
import { validate } from '../../lib/http/validation';
import { encodeSse } from '../../lib/streams/sse';
import * as z from '../../lib/zod';

const positiveInt = z.int().check(z.gte(1));

/** Only the fields the gateway interprets; everything else is the provider's to judge. */
const interpreted = z.looseObject({
  model: z.string().check(z.minLength(1)),
  messages: z.array(z.looseObject({ role: z.string() })).check(z.minLength(1)),
  stream: z.nullish(z.boolean()),
  max_tokens: z.nullish(positiveInt),
  max_completion_tokens: z.nullish(positiveInt),
  n: z.nullish(positiveInt),
  temperature: z.nullish(z.number()),
  metadata: z.nullish(z.record(z.string(), z.string())),
});

/** The text of any content shape: a string, or the `text` of its parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const { text, content: inner } = (part ?? {}) as { text?: unknown; content?: unknown };
      return typeof text === 'string' ? text : typeof inner === 'string' ? inner : '';
    })
    .filter((text) => text !== '')
    .join('\n');
}

/** A message the canonical steps can read (token estimates, session history): its role and text. */
export function textMessage(role: unknown, content: unknown): ChatMessage {
  const text = contentText(content);
  if (role === 'system' || role === 'developer') return { role: 'system', content: text };
  if (role === 'assistant') return { role: 'assistant', content: text };
  return { role: 'user', content: text };
}

export function chatStandIn(body: Record<string, unknown>): ChatRequest {
  const request = validate(interpreted, body);
  // The body's own fields stay (the cache key covers them); messages as text for the gateway's steps.
  return { ...request, messages: request.messages.map((message) => textMessage(message.role, message.content)) } as ChatRequest;
}

/** A gateway error after a forwarded stream started: what the openai SDK raises as APIError. */
export function encodeChatStreamError(requestId: string): (error: GatewayError) => string {
  return (error) => encodeSse(JSON.stringify(errorBody(error, 'openai', requestId)));
}
