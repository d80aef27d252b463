/**
 * Anthropic conversation turns → canonical (OpenAI chat) messages, order preserved:
 *  - user text/image/document blocks → user content parts; each `tool_result` → a `tool`
 *    message at its position (text joined with newlines; `is_error` prefixes `Error: `);
 *  - assistant text → content, `tool_use` → `tool_calls` (input re-serialised once as JSON,
 *    a `signature` the gateway put on the block kept for the provider that signed the call, or
 *    carried by a thinking block of its own, call-signatures.ts),
 *    thinking / redacted_thinking → `thinking_blocks` (signatures kept) + `reasoning_content`.
 * Blocks the canonical request has no place for are a clear 400, never dropped.
 */
import type { ChatMessage, ChatToolCall, UserContentPart } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { carriedCallSignatures } from './call-signatures';
import type { ContentBlock, MessageParam } from './request-schema';

type Block<T extends ContentBlock['type']> = Extract<ContentBlock, { type: T }>;
type TextPart = { type: 'text'; text: string };
type ThinkingBlock = NonNullable<Extract<ChatMessage, { role: 'assistant' }>['thinking_blocks']>[number];

const unsupported = (param: string, what: string) =>
  invalidRequest(`${what} is not supported on /v1/messages by this gateway.`, param, 'unsupported_content');

function imagePart(block: Block<'image'>): UserContentPart {
  const url = block.source.type === 'base64' ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
  return { type: 'image_url', image_url: { url } };
}

/** A document as text, when it has a text form; `undefined` otherwise. */
function documentText(block: Block<'document'>): string | undefined {
  const { source } = block;
  let body: string | undefined;
  if (source.type === 'text') body = source.data;
  else if (source.type === 'content') {
    const content = source.content;
    if (typeof content === 'string') body = content;
    else if (content.every(isTextBlock)) body = content.map((part) => part.text).join('\n');
  }
  if (body === undefined) return undefined;
  return block.title ? `${block.title}\n\n${body}` : body;
}

function isTextBlock(value: unknown): value is TextPart {
  const candidate = value as Partial<TextPart> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'text' && typeof candidate.text === 'string';
}

function documentPart(block: Block<'document'>, param: string): UserContentPart {
  const text = documentText(block);
  if (text !== undefined) return { type: 'text', text };
  if (block.source.type === 'base64') {
    const filename = block.title ?? 'document.pdf';
    return { type: 'file', file: { file_data: `data:application/pdf;base64,${block.source.data}`, filename } };
  }
  throw unsupported(param, `A document with a '${block.source.type}' source`);
}

function toolResultText(block: Block<'tool_result'>, param: string): string {
  const content = block.content ?? '';
  const text =
    typeof content === 'string'
      ? content
      : content
          .map((part, index) => {
            if (part.type === 'text') return part.text;
            const text = part.type === 'document' ? documentText(part) : undefined;
            if (text === undefined) throw unsupported(`${param}.content.${index}`, `Content of type '${part.type}' inside a tool_result`);
            return text;
          })
          .join('\n');
  return block.is_error ? `Error: ${text}` : text;
}

function userTurn(message: MessageParam, param: string): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const out: ChatMessage[] = [];
  let parts: UserContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) out.push({ role: 'user', content: parts });
    parts = [];
  };
  message.content.forEach((block, index) => {
    const at = `${param}.content.${index}`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        parts.push(imagePart(block));
        break;
      case 'document':
        parts.push(documentPart(block, at));
        break;
      case 'tool_result':
        flush();
        out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block, at) });
        break;
      default:
        throw invalidRequest(`A '${block.type}' block is only allowed in an assistant message.`, `${at}.type`);
    }
  });
  flush();
  return out;
}

function assistantTurn(message: MessageParam, param: string): ChatMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  const texts: TextPart[] = [];
  const toolCalls: ChatToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  const carried: Record<string, string> = {};
  message.content.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        texts.push({ type: 'text', text: block.text });
        break;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input) },
          ...(block.signature ? { signature: block.signature } : {}),
        });
        break;
      case 'thinking': {
        const calls = carriedCallSignatures(block.signature);
        if (calls) Object.assign(carried, calls);
        else thinkingBlocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      }
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      default:
        throw invalidRequest(`A '${block.type}' block is only allowed in a user message.`, `${param}.content.${index}.type`);
    }
  });
  for (const [position, call] of toolCalls.entries()) {
    const signature = carried[call.id];
    if (signature && !call.signature) toolCalls[position] = { ...call, signature };
  }
  // One text block stays a string; several stay separate parts (their boundaries are kept).
  const content = texts.length === 0 ? null : texts.length === 1 ? (texts[0]?.text ?? '') : texts;
  const out: ChatMessage = { role: 'assistant', content };
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (thinkingBlocks.length > 0) {
    out.thinking_blocks = thinkingBlocks;
    const reasoning = thinkingBlocks.map((block) => block.thinking ?? '').join('');
    if (reasoning) out.reasoning_content = reasoning;
  }
  return out;
}

export function toCanonicalMessages(messages: MessageParam[]): ChatMessage[] {
  return messages.flatMap((message, index) => {
    if (message.role === 'system') return []; // joined the system prompt (reasoning.ts)
    return message.role === 'user' ? userTurn(message, `messages.${index}`) : [assistantTurn(message, `messages.${index}`)];
  });
}
