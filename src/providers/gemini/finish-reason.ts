import type { FinishReason } from '../../lib/canonical';

const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/**
 * Gemini `finishReason` → canonical. Gemini says STOP even when it called functions, so a
 * candidate that produced a call finishes with `tool_calls`. Unknown values read as `stop`.
 */
export function mapGeminiFinishReason(reason: string, calledTools: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop';
}
