/**
 * The conversation step of the chat pipeline, before the cache and routing:
 *  - `x-switchboard-template: <name>` (+ `x-switchboard-template-variables: <JSON object>`)
 *    renders one of the key's templates as a system message for this request only;
 *  - `x-switchboard-session: <id>` prepends the session's system prompt and stored history,
 *    and returns `append`, which stores the request's own messages and the assistant reply
 *    (choice 0, tool calls included) in one call once the reply is complete.
 * Another key's session, or one that ended or expired, is a 404.
 */
import type { Context } from 'hono';
import type { ChatRequest, ChatResult } from '../canonical';
import type { ChatMessage } from '../chat-request-schema';
import type { AppEnv } from '../http/context';
import { invalidRequest, notFound } from '../http/errors';
import { parseVariablesHeader, renderStoredTemplate } from './render';
import { SESSION_ID, sessionObject } from './stubs';

export const ConversationHeader = {
  session: 'x-switchboard-session',
  template: 'x-switchboard-template',
  variables: 'x-switchboard-template-variables',
} as const;

export interface Conversation {
  /** The request as sent upstream: rendered template, session history, then the caller's messages. */
  request: ChatRequest;
  /** Save the completed turn to the session; absent without a session. */
  append?: (result: ChatResult) => Promise<void>;
}

export const sessionNotFound = (id: string) =>
  notFound(`No session '${id}' for this key (it may have ended or expired).`, 'session_not_found');

/** The assistant message a result adds to a conversation. */
export function replyMessage(result: ChatResult): ChatMessage {
  const message = result.choices[0]?.message;
  const reply: Extract<ChatMessage, { role: 'assistant' }> = { role: 'assistant', content: message?.content ?? null };
  if (message?.refusal) reply.refusal = message.refusal;
  if (message?.reasoningBlocks?.length) reply.thinking_blocks = message.reasoningBlocks;
  if (message?.toolCalls?.length) {
    reply.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
      ...(call.signature ? { signature: call.signature } : {}),
    }));
  } else if (message?.functionCall) {
    reply.function_call = message.functionCall;
  }
  return reply;
}

async function templateMessages(c: Context<AppEnv>): Promise<ChatMessage[]> {
  const headers = c.req.raw.headers;
  const name = headers.get(ConversationHeader.template)?.trim();
  const variablesHeader = headers.get(ConversationHeader.variables);
  if (!name) {
    if (variablesHeader)
      throw invalidRequest(`${ConversationHeader.variables} needs ${ConversationHeader.template}.`, ConversationHeader.variables);
    return [];
  }
  const variables = parseVariablesHeader(ConversationHeader.variables, variablesHeader);
  return [{ role: 'system', content: await renderStoredTemplate(c.env, c.get('key').id, name, variables) }];
}

export async function openConversation(c: Context<AppEnv>, request: ChatRequest): Promise<Conversation> {
  const prefix = await templateMessages(c);
  const sessionId = c.req.raw.headers.get(ConversationHeader.session)?.trim();
  if (!sessionId) return { request: prefix.length ? { ...request, messages: [...prefix, ...request.messages] } : request };
  const keyId = c.get('key').id;
  const view = SESSION_ID.test(sessionId) ? await sessionObject(c.env, sessionId).read(keyId) : null;
  if (!view) throw sessionNotFound(sessionId);
  const system: ChatMessage[] = view.meta.system ? [{ role: 'system', content: view.meta.system }] : [];
  return {
    request: { ...request, messages: [...prefix, ...system, ...view.messages, ...request.messages] },
    append: async (result) => {
      const saved = await sessionObject(c.env, sessionId).append(keyId, [...request.messages, replyMessage(result)]);
      if (!saved) throw sessionNotFound(sessionId);
    },
  };
}
