/**
 * Prompt and completion content on a request span, for keys whose `logging.traceContent` opts in
 * (never when the archive's content redaction applies to the key). The shapes follow the
 * OpenTelemetry GenAI conventions: `gen_ai.system_instructions`, `gen_ai.input.messages` and
 * `gen_ai.output.messages` as JSON strings of `{role, parts: [{type, content | …}]}`. Each
 * attribute is cut to a bound so a span stays well inside the request's one queue message.
 */
import { archivePolicy } from '../archive/policy';
import type { ChatRequest, ChatResult } from '../canonical';
import type { ArchiveSettings } from '../config';
import type { GatewayKey } from '../keys/gateway-key';
import { otlpSettings } from './otlp-exporter';
import type { AttributeInput } from './otlp-span';

/** Longest content attribute, in characters; longer JSON is cut and marked. */
export const MAX_CONTENT_CHARS = 16 * 1024;

type Part = Record<string, unknown>;
interface Message {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

type RequestMessage = ChatRequest['messages'][number];

/** The text parts of a message's content; media is named by type, never inlined. */
function contentParts(content: unknown): Part[] {
  if (typeof content === 'string') return content ? [{ type: 'text', content }] : [];
  if (!Array.isArray(content)) return [];
  return content.map((part: { type?: string; text?: string; refusal?: string }) => {
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', content: part.text };
    if (part.type === 'refusal' && typeof part.refusal === 'string') return { type: 'refusal', content: part.refusal };
    return { type: part.type ?? 'unknown' };
  });
}

function inputMessage(message: RequestMessage): Message {
  const parts = contentParts(message.content);
  if ('tool_calls' in message && Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls as { id: string; function?: { name: string; arguments: string } }[]) {
      parts.push({ type: 'tool_call', id: call.id, name: call.function?.name, arguments: call.function?.arguments });
    }
  }
  if (message.role === 'tool') {
    const id = 'tool_call_id' in message ? message.tool_call_id : undefined;
    return {
      role: 'tool',
      parts: [{ type: 'tool_call_response', id, response: typeof message.content === 'string' ? message.content : parts }],
    };
  }
  return { role: message.role, parts };
}

function outputMessages(result: ChatResult): Message[] {
  return result.choices.map(({ message, finishReason }) => {
    const parts: Part[] = [];
    if (message.reasoning) parts.push({ type: 'reasoning', content: message.reasoning });
    if (message.content) parts.push({ type: 'text', content: message.content });
    if (message.refusal) parts.push({ type: 'refusal', content: message.refusal });
    for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
    return { role: 'assistant', parts, ...(finishReason ? { finish_reason: finishReason } : {}) };
  });
}

/** JSON of `value`, cut to the bound (the cut text says so; it is then no longer JSON). */
function bounded(value: unknown): string {
  const json = JSON.stringify(value);
  return json.length <= MAX_CONTENT_CHARS
    ? json
    : `${json.slice(0, MAX_CONTENT_CHARS)}…[truncated ${json.length - MAX_CONTENT_CHARS} chars]`;
}

/** The content attributes of a request span: what was sent (after session and template) and what came back. */
export function contentAttributes(request: ChatRequest, result: ChatResult | undefined): Record<string, AttributeInput> {
  const system = request.messages.filter((message) => message.role === 'system' || message.role === 'developer');
  const input = request.messages.filter((message) => message.role !== 'system' && message.role !== 'developer');
  return {
    'gen_ai.system_instructions': system.length ? bounded(system.flatMap((message) => contentParts(message.content))) : undefined,
    'gen_ai.input.messages': bounded(input.map(inputMessage)),
    'gen_ai.output.messages': result ? bounded(outputMessages(result)) : undefined,
  };
}

/** Whether this key's spans carry content: it opted in, spans are exported, and the archive's redaction does not apply to it. */
export function traceContentWanted(env: Env, settings: ArchiveSettings, key: GatewayKey): boolean {
  return key.logging?.traceContent === true && !archivePolicy(settings, key).redactContent && otlpSettings(env) !== undefined;
}
