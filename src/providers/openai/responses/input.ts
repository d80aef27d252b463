/**
 * Canonical chat messages → Responses `instructions` and `input` items.
 *
 * - Leading system / developer messages → `instructions` (joined by a blank line); later ones
 *   stay in place as input messages of their role.
 * - User parts: text → `input_text`, image_url → `input_image`, file → `input_file`; audio has
 *   no Responses input part and is a 400 naming the message.
 * - Assistant turns: OpenAI reasoning blocks → `reasoning` items (encrypted content replayed,
 *   see `reasoning.ts`), text → an assistant message, `tool_calls` → `function_call` items
 *   (`call_id` is the chat tool call id), legacy `function_call` likewise (call id = its name).
 * - Tool results → `function_call_output` by `call_id`; legacy `function` results likewise.
 */
import type { ChatMessage, UserContentPart } from '../../../lib/chat-request-schema';
import { invalidRequest } from '../../../lib/http/errors';
import { toReasoningInputItem } from './reasoning';

export type InputItem = Record<string, unknown>;

type TextContent = string | { type: 'text'; text: string }[];

function joinText(content: TextContent | { type: string; text?: string }[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

function userPart(part: UserContentPart, param: string): InputItem {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
    case 'file': {
      const file: InputItem = { type: 'input_file' };
      if (part.file.file_data !== undefined) file.file_data = part.file.file_data;
      if (part.file.file_id !== undefined) file.file_id = part.file.file_id;
      if (part.file.filename !== undefined) file.filename = part.file.filename;
      return file;
    }
    case 'input_audio':
      throw invalidRequest(`${param}: audio input is not supported by the OpenAI Responses API.`, param, 'unsupported_parameter');
  }
}

function assistantItems(message: Extract<ChatMessage, { role: 'assistant' }>): InputItem[] {
  const items: InputItem[] = [];
  for (const block of message.thinking_blocks ?? []) {
    const item = toReasoningInputItem(block);
    if (item) items.push({ ...item });
  }
  const text = joinText(message.content);
  if (text) items.push({ role: 'assistant', content: text });
  for (const call of message.tool_calls ?? []) {
    items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  if (message.function_call) {
    const call = message.function_call;
    items.push({ type: 'function_call', call_id: call.name, name: call.name, arguments: call.arguments });
  }
  return items;
}

export interface ResponsesInput {
  instructions?: string;
  input: InputItem[];
}

export function toResponsesInput(messages: ChatMessage[]): ResponsesInput {
  const instructions: string[] = [];
  const input: InputItem[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = joinText(message.content);
        if (input.length === 0) instructions.push(text);
        else input.push({ role: message.role, content: text });
        return;
      }
      case 'user':
        input.push({
          role: 'user',
          content:
            typeof message.content === 'string'
              ? message.content
              : message.content.map((part, partIndex) => userPart(part, `${param}.content[${partIndex}]`)),
        });
        return;
      case 'assistant':
        input.push(...assistantItems(message));
        return;
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.tool_call_id, output: joinText(message.content) });
        return;
      case 'function':
        input.push({ type: 'function_call_output', call_id: message.name, output: message.content ?? '' });
        return;
    }
  });
  const result: ResponsesInput = { input };
  if (instructions.length > 0) result.instructions = instructions.join('\n\n');
  return result;
}
