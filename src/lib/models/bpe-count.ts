/**
 * Counting with an OpenAI BPE tokenizer (bpe-tokenizer.ts): the prompt's text token by token,
 * plus the same framing the estimate adds (per message, per media part); output text token by
 * token (joined: it is one generation), and past what was kept (a long stream), the ~4-characters estimate for the rest.
 */
import type { ChatRequest } from '../canonical';
import type { Tokenizer } from './bpe-tokenizer';
import { estimateTokens, promptFramingTokens, promptTexts } from './tokens';

export function countTexts(tokenizer: Tokenizer, texts: readonly string[]): number {
  let tokens = 0;
  for (const text of texts) if (text) tokens += tokenizer.count(text);
  return tokens;
}

export function countPromptWith(tokenizer: Tokenizer, request: ChatRequest): number {
  return countTexts(tokenizer, promptTexts(request)) + promptFramingTokens(request);
}

/** Output tokens of the `kept` text (one generation, so counted joined), and the estimate for `totalChars` beyond it. */
export function countOutputWith(tokenizer: Tokenizer, kept: readonly string[], totalChars: number): number {
  const text = kept.join('');
  return countTexts(tokenizer, [text]) + estimateTokens(totalChars - text.length);
}
