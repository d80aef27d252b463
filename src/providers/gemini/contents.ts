/**
 * OpenAI messages → Gemini `contents` and `systemInstruction`.
 *
 * - system and developer messages, wherever they are, become `systemInstruction` parts;
 * - `assistant` is Gemini's `model`; tool results are `user` turns of `functionResponse` parts;
 * - consecutive turns of one role are merged (Gemini wants them alternating);
 * - assistant tool calls become `functionCall` parts (arguments parsed) carrying the call's
 *   `signature` back as `thoughtSignature` on the same part. A turn whose calls carry no
 *   signature at all (made by another provider, or echoed by a client that drops the gateway's
 *   extension) gets Google's documented placeholder on its first call, which Gemini 3 accepts
 *   for history it did not produce instead of refusing the request;
 * - the turn's text is cut again into the parts Gemini signed (text-signatures.ts: the
 *   `gemini-text:` blocks in `thinking_blocks`), each with its signature back;
 * - a tool result names its function through the `tool_call_id` → name of the earlier call,
 *   and a run of tool results is put in the order of the calls (Gemini 2.x matches results
 *   to calls by name and order, not by id).
 */
import type { ChatMessage } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { toGeminiUserPart } from './media';
import { signedModelParts } from './text-signatures';
import type { GeminiContent, GeminiPart } from './wire';

export interface GeminiConversation {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
}

interface KnownCall {
  name: string;
  /** Position among the calls of its assistant turn. */
  position: number;
}

type TextContent = string | { type: string; text?: string; refusal?: string }[] | null | undefined;

function textOf(content: TextContent): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? part.refusal ?? '').join('');
}

function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest(`'${param}' is not valid JSON; Gemini needs tool-call arguments as a JSON object.`, param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest(`'${param}' must be a JSON object for Gemini.`, param);
  }
  return value as Record<string, unknown>;
}

/** A tool's output as Gemini's `response` object: a JSON object as is, anything else as `{ result }`. */
function toolResponse(content: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // plain text output
  }
  return { result: content };
}

/** Google's placeholder signature for function calls Gemini did not produce (docs: "Thought signatures", FAQ). */
export const FOREIGN_CALL_SIGNATURE = 'skip_thought_signature_validator';

function assistantParts(message: Extract<ChatMessage, { role: 'assistant' }>, param: string, calls: Map<string, KnownCall>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOf(message.content);
  const unsigned = !(message.tool_calls ?? []).some((call) => call.signature);
  (message.tool_calls ?? []).forEach((call, position) => {
    const args = parseArguments(call.function.arguments, `${param}.tool_calls.${position}.function.arguments`);
    calls.set(call.id, { name: call.function.name, position });
    const part: GeminiPart = { functionCall: { id: call.id, name: call.function.name, args } };
    if (call.signature) part.thoughtSignature = call.signature;
    else if (unsigned && position === 0) part.thoughtSignature = FOREIGN_CALL_SIGNATURE;
    parts.push(part);
  });
  if (message.function_call) {
    const args = parseArguments(message.function_call.arguments, `${param}.function_call.arguments`);
    parts.push({ functionCall: { name: message.function_call.name, args } });
  }
  return signedModelParts(text, message.thinking_blocks, parts);
}

export function toGeminiContents(messages: ChatMessage[]): GeminiConversation {
  const system: { text: string }[] = [];
  const contents: GeminiContent[] = [];
  const calls = new Map<string, KnownCall>();
  let pendingResults: { position: number; part: GeminiPart }[] = [];

  const push = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  const flushResults = () => {
    pendingResults.sort((a, b) => a.position - b.position);
    push(
      'user',
      pendingResults.map((result) => result.part),
    );
    pendingResults = [];
  };

  messages.forEach((message, index) => {
    const param = `messages.${index}`;
    if (message.role !== 'tool') flushResults();
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text) system.push({ text });
        break;
      }
      case 'user':
        push(
          'user',
          typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.map((part, position) => toGeminiUserPart(part, `${param}.content.${position}`)),
        );
        break;
      case 'assistant':
        push('model', assistantParts(message, param, calls));
        break;
      case 'tool': {
        const call = calls.get(message.tool_call_id);
        if (!call) {
          throw invalidRequest(
            `'${param}.tool_call_id' ('${message.tool_call_id}') matches no tool call of an earlier assistant message.`,
            `${param}.tool_call_id`,
          );
        }
        const response = toolResponse(textOf(message.content));
        pendingResults.push({
          position: call.position,
          part: { functionResponse: { id: message.tool_call_id, name: call.name, response } },
        });
        break;
      }
      case 'function':
        push('user', [{ functionResponse: { name: message.name, response: toolResponse(message.content ?? '') } }]);
        break;
    }
  });
  flushResults();

  if (contents.length === 0) {
    throw invalidRequest('Gemini needs at least one user or assistant message besides the system prompt.', 'messages');
  }
  return system.length ? { contents, systemInstruction: { parts: system } } : { contents };
}
