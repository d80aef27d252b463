/**
 * OpenAI content parts → Anthropic content blocks (the request direction). Images become
 * `image` blocks (data URLs as base64, http(s) URLs by reference); PDFs given as a data URL
 * become `document` blocks. Anything Anthropic cannot take is a 400 naming the part.
 */
import type { UserContentPart } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';

export type CacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' | undefined };
export type TextBlock = { type: 'text'; text: string; cache_control?: CacheControl };
export type MediaSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
export type ImageBlock = { type: 'image'; source: MediaSource };
export type DocumentBlock = { type: 'document'; source: MediaSource };
export type ToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
export type ToolResultBlock = { type: 'tool_result'; tool_use_id: string; content: string | TextBlock[] };
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type RedactedThinkingBlock = { type: 'redacted_thinking'; data: string };

export type RequestBlock = TextBlock | ImageBlock | DocumentBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock | RedactedThinkingBlock;

/** Image types the Messages API accepts. */
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const dataUrl = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = dataUrl.exec(url);
  return match?.[1] && match[2] !== undefined ? { mediaType: match[1].toLowerCase(), data: match[2] } : undefined;
}

function imageBlock(url: string, param: string): ImageBlock {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  const parsed = parseDataUrl(url);
  if (!parsed) {
    throw invalidRequest(`${param}: an image must be an http(s) URL or a base64 data URL.`, param, 'invalid_image_url');
  }
  if (!imageTypes.has(parsed.mediaType)) {
    throw invalidRequest(
      `${param}: Anthropic accepts image/jpeg, image/png, image/gif and image/webp; got ${parsed.mediaType}.`,
      param,
      'unsupported_image_type',
    );
  }
  return { type: 'image', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
}

function documentBlock(part: Extract<UserContentPart, { type: 'file' }>, param: string): DocumentBlock {
  const parsed = part.file.file_data ? parseDataUrl(part.file.file_data) : undefined;
  if (part.file.file_id || !parsed) {
    throw invalidRequest(
      `${param}: Anthropic takes files only as a base64 PDF data URL in 'file_data' (file ids are not supported).`,
      param,
      'unsupported_content',
    );
  }
  if (parsed.mediaType !== 'application/pdf') {
    throw invalidRequest(`${param}: Anthropic accepts PDF files only; got ${parsed.mediaType}.`, param, 'unsupported_content');
  }
  return { type: 'document', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
}

type TextPart = { type: 'text'; text: string; cache_control?: CacheControl | undefined };

/**
 * Anthropic rejects empty text blocks, so empty strings produce no block. A part's
 * `cache_control` breakpoint (and its ttl) stays on its block: prompt caching works from
 * chat completions too.
 */
export function textBlocks(content: string | TextPart[]): TextBlock[] {
  const parts: TextPart[] = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  return parts
    .filter((part) => part.text !== '')
    .map((part) =>
      part.cache_control ? { type: 'text', text: part.text, cache_control: part.cache_control } : { type: 'text', text: part.text },
    );
}

/** A user message's content. `param` is the message's path, e.g. `messages[2]`. */
export function userBlocks(content: string | UserContentPart[], param: string): RequestBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  return content.flatMap((part, index): RequestBlock[] => {
    const partParam = `${param}.content[${index}]`;
    switch (part.type) {
      case 'text':
        return textBlocks([part]);
      case 'image_url':
        return [imageBlock(part.image_url.url, partParam)];
      case 'file':
        return [documentBlock(part, partParam)];
      default:
        throw invalidRequest(`${partParam}: Anthropic does not accept ${part.type} input.`, partParam, 'unsupported_content');
    }
  });
}
