/**
 * `POST /v1/messages/count_tokens`: the request schema, and the *estimate* answered when the
 * target provider has no counting endpoint (lib/pipeline/count-tokens.ts asks the ones that do).
 * Roughly four characters per token for text, tool schemas, tool inputs and results; a flat cost
 * per image and per PDF (pages are not counted). Such an answer says `estimated: true` so no
 * caller mistakes it for a provider's exact count.
 */
import * as z from '../../lib/zod';
import type { ContentBlock } from './request-schema';
import { messagesRequestSchema } from './request-schema';

export const countTokensRequestSchema = z.pick(messagesRequestSchema, {
  model: true,
  messages: true,
  system: true,
  tools: true,
  tool_choice: true,
  thinking: true,
});
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;

export const CHARACTERS_PER_TOKEN = 4;
/** Anthropic bills an image at about (width × height) / 750 tokens, capped near 1,600. */
export const IMAGE_TOKENS = 1_600;
/** Per-message framing (role markers and separators). */
const MESSAGE_OVERHEAD_TOKENS = 3;

function blockCharacters(block: ContentBlock): { characters: number; tokens: number } {
  switch (block.type) {
    case 'text':
      return { characters: block.text.length, tokens: 0 };
    case 'image':
      return { characters: 0, tokens: IMAGE_TOKENS };
    case 'document':
      return block.source.type === 'text' ? { characters: block.source.data.length, tokens: 0 } : { characters: 0, tokens: IMAGE_TOKENS };
    case 'tool_use':
      return { characters: block.name.length + JSON.stringify(block.input).length, tokens: 0 };
    case 'tool_result': {
      if (typeof block.content === 'string' || block.content === undefined) return { characters: block.content?.length ?? 0, tokens: 0 };
      return block.content
        .map(blockCharacters)
        .reduce((sum, part) => ({ characters: sum.characters + part.characters, tokens: sum.tokens + part.tokens }));
    }
    case 'thinking':
      return { characters: block.thinking.length, tokens: 0 };
    case 'redacted_thinking':
      return { characters: block.data.length, tokens: 0 };
  }
}

export function estimateInputTokens(request: CountTokensRequest): number {
  let characters = 0;
  let tokens = 0;
  if (typeof request.system === 'string') characters += request.system.length;
  else for (const block of request.system ?? []) characters += block.text.length;
  for (const tool of request.tools ?? [])
    characters += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.input_schema).length;
  for (const message of request.messages) {
    tokens += MESSAGE_OVERHEAD_TOKENS;
    if (typeof message.content === 'string') {
      characters += message.content.length;
      continue;
    }
    for (const block of message.content) {
      const counted = blockCharacters(block);
      characters += counted.characters;
      tokens += counted.tokens;
    }
  }
  return tokens + Math.ceil(characters / CHARACTERS_PER_TOKEN);
}
