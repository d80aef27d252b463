import type { ChatRequest } from '../../lib/canonical';
import type { ChatMessage } from '../../lib/chat-request-schema';
import type { HttpRequestSpec, Target } from '../types';
import { applyModelParameters } from './reasoning-models';

/** Strip the gateway's own message extensions, which OpenAI-compatible hosts reject. */
export function toWireMessage(message: ChatMessage): ChatMessage {
  if (message.role !== 'assistant') return message;
  const { reasoning_content: _reasoning, thinking_blocks: _blocks, signature: _signature, ...rest } = message;
  if (!rest.tool_calls?.some((call) => call.signature !== undefined)) return rest;
  return { ...rest, tool_calls: rest.tool_calls.map(({ signature: _signature, ...call }) => call) };
}

export function credentialHeaders(target: Target): Record<string, string> {
  if (!target.apiKey) return {};
  const header = target.options.authHeader ?? 'authorization';
  return { [header]: header === 'authorization' ? `Bearer ${target.apiKey}` : target.apiKey };
}

/** The OpenAI wire body for a canonical request (shared with the Azure adapter); what it leaves out is pushed onto `dropped`. */
export function toOpenAIBody(
  request: ChatRequest,
  target: Target,
  model: string | undefined,
  dropped: string[] = [],
): Record<string, unknown> {
  const { top_k: _topK, thinking: _thinking, messages, ...rest } = request;
  const body: Record<string, unknown> = { ...rest, messages: messages.map(toWireMessage) };
  if (model === undefined) delete body.model;
  else body.model = model;
  if (request.stream && target.options.streamUsage !== false) {
    // Usage is never lost to a stream: ask for it whether or not the caller did.
    body.stream_options = { ...request.stream_options, include_usage: true };
  }
  applyModelParameters(body, target, dropped);
  return body;
}

export function buildOpenAIChatRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const dropped: string[] = [];
  return {
    url: `${target.baseUrl}/chat/completions`,
    headers: { 'content-type': 'application/json', ...credentialHeaders(target) },
    body: JSON.stringify(toOpenAIBody(request, target, target.model, dropped)),
    dropped,
  };
}
