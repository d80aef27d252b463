/**
 * Responses input items → canonical (OpenAI chat) messages, order kept:
 *  - user / system / developer messages map one to one (`input_text` → text, `input_image` →
 *    image_url, `input_file` → file);
 *  - consecutive assistant-side items (reasoning, assistant message, function_call) form one
 *    assistant message: text in `content`, calls in `tool_calls`, reasoning in `thinking_blocks`
 *    (signed) and `reasoning_content` (text); a Gemini thought signature carried by a reasoning
 *    item goes back on the call it belongs to;
 *  - `function_call_output` → a `tool` message.
 * `item_reference` items must have been resolved before (see `conversation.ts`).
 */
import type { ChatMessage, ChatToolCall, UserContentPart } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import type { ContentPart, FunctionCallOutputInput, InputItem, MessageInput, ReasoningInput } from './input-items';
import { decodeReasoningState } from './reasoning-state';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type TextPart = { type: 'text'; text: string };

const unsupported = (param: string, what: string) =>
  invalidRequest(`${what} is not supported by this gateway.`, param, 'unsupported_content');

function userPart(part: ContentPart, param: string): UserContentPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (!part.image_url) throw unsupported(`${param}.file_id`, "An input_image by 'file_id'");
      // `auto` is the default everywhere; `original` has no chat equivalent and means "no downscaling".
      const detail = part.detail === 'low' || part.detail === 'high' ? part.detail : undefined;
      return { type: 'image_url', image_url: { url: part.image_url, ...(detail ? { detail } : {}) } };
    }
    case 'input_file': {
      if (part.file_url) throw unsupported(`${param}.file_url`, "An input_file by 'file_url'");
      const file: { file_data?: string; file_id?: string; filename?: string } = {};
      if (part.file_data) file.file_data = part.file_data;
      if (part.file_id) file.file_id = part.file_id;
      if (part.filename) file.filename = part.filename;
      return { type: 'file', file };
    }
  }
}

function textOnly(parts: ContentPart[], param: string): TextPart[] {
  return parts.map((part, index) => {
    const converted = userPart(part, `${param}.${index}`);
    if (converted.type !== 'text') throw unsupported(`${param}.${index}.type`, `Content of type '${part.type}' in this message`);
    return converted;
  });
}

function plainMessage(item: MessageInput, param: string): ChatMessage {
  const { role, content } = item;
  if (role === 'user') {
    if (typeof content === 'string') return { role, content };
    if (content.length === 0) return { role, content: '' };
    return { role, content: content.map((part, index) => userPart(part, `${param}.content.${index}`)) };
  }
  const system = role === 'developer' ? 'developer' : 'system';
  if (typeof content === 'string') return { role: system, content };
  const parts = textOnly(content, `${param}.content`);
  return { role: system, content: parts.length ? parts : '' };
}

function toolOutput(item: FunctionCallOutputInput, param: string): ChatMessage {
  if (typeof item.output === 'string') return { role: 'tool', tool_call_id: item.call_id, content: item.output };
  const parts = textOnly(item.output, `${param}.output`);
  return { role: 'tool', tool_call_id: item.call_id, content: parts.length ? parts : '' };
}

/** Builds one assistant message out of consecutive assistant-side items. */
class AssistantTurn {
  readonly message: AssistantMessage = { role: 'assistant', content: null };
  readonly signatures: Record<string, string> = {};
  #texts: TextPart[] = [];
  #refusal = '';

  get hasCalls(): boolean {
    return (this.message.tool_calls?.length ?? 0) > 0;
  }

  addReasoning(item: ReasoningInput): void {
    const state = decodeReasoningState(item.encrypted_content);
    if (state?.blocks?.length) this.message.thinking_blocks = [...(this.message.thinking_blocks ?? []), ...state.blocks];
    if (state?.calls) Object.assign(this.signatures, state.calls);
    const text =
      state?.text ??
      state?.blocks?.map((block) => block.thinking ?? '').join('') ??
      [...(item.content ?? []), ...item.summary].map((part) => part.text).join('');
    if (text) this.message.reasoning_content = (this.message.reasoning_content ?? '') + text;
  }

  addMessage(item: MessageInput): void {
    if (typeof item.content === 'string') {
      this.#texts.push({ type: 'text', text: item.content });
      return;
    }
    for (const part of item.content) {
      if (part.type === 'refusal') this.#refusal += part.refusal;
      else if (part.type === 'output_text' || part.type === 'input_text') this.#texts.push({ type: 'text', text: part.text });
    }
  }

  addCall(call: ChatToolCall): void {
    this.message.tool_calls = [...(this.message.tool_calls ?? []), call];
  }

  finish(): AssistantMessage {
    const texts = this.#texts;
    this.message.content = texts.length === 0 ? null : texts.length === 1 ? (texts[0]?.text ?? '') : texts;
    if (this.#refusal) this.message.refusal = this.#refusal;
    for (const call of this.message.tool_calls ?? []) {
      const signature = this.signatures[call.id];
      if (signature && !call.signature) call.signature = signature;
    }
    return this.message;
  }
}

export function toCanonicalMessages(items: InputItem[], instructions?: string | null): ChatMessage[] {
  const out: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  let turn: AssistantTurn | undefined;
  const close = () => {
    if (turn) out.push(turn.finish());
    turn = undefined;
  };
  items.forEach((item, index) => {
    const param = `input.${index}`;
    switch (item.type) {
      case 'reasoning':
        // Reasoning after calls begins the model's next turn; after text (interleaved thinking,
        // or a Gemini signature carrier) it belongs to the same turn.
        if (turn?.hasCalls) close();
        turn ??= new AssistantTurn();
        turn.addReasoning(item);
        return;
      case 'function_call':
        turn ??= new AssistantTurn();
        turn.addCall({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
        return;
      case 'message':
        if (item.role === 'assistant') {
          if (turn?.hasCalls) close();
          turn ??= new AssistantTurn();
          turn.addMessage(item);
          return;
        }
        close();
        out.push(plainMessage(item, param));
        return;
      case 'function_call_output':
        close();
        out.push(toolOutput(item, param));
        return;
      case 'item_reference':
        throw invalidRequest(`Item '${item.id}' could not be resolved.`, `${param}.id`, 'item_not_found');
    }
  });
  close();
  return out;
}
