import type { WireContent } from './wire';

/** Split OpenAI-compatible `content` into answer text and reasoning text (Mistral's array form). */
export function splitContent(content: WireContent): { text: string | null; reasoning: string } {
  if (content == null) return { text: null, reasoning: '' };
  if (typeof content === 'string') return { text: content, reasoning: '' };
  let text = '';
  let reasoning = '';
  for (const part of content) {
    if (part.type === 'text' && part.text) text += part.text;
    else if (part.type === 'thinking' && part.thinking) {
      for (const inner of part.thinking) if (inner.text) reasoning += inner.text;
    }
  }
  return { text, reasoning };
}
