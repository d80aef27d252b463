/**
 * A cheap token estimator for admission, before any provider has counted anything.
 *
 * It is deliberately simple and slightly generous: about four characters per token for
 * English text and JSON (OpenAI's rule of thumb), plus a small per-message overhead for role
 * and framing, plus a flat cost per image or audio part. It is used to *reserve* tokens per
 * minute and worst-case spend; the reservation is settled to the provider's real usage
 * after the response, so a wrong estimate only shifts capacity for a moment, never billing.
 */
import type { ChatRequest } from './canonical';
import { modelInfo } from './model-catalog';

const CHARACTERS_PER_TOKEN = 4;
/** Role, name and delimiters around each message (OpenAI documents 3–4). */
const TOKENS_PER_MESSAGE = 4;
/** A high-detail 512×512 tile costs 765 tokens on OpenAI; used for every image or audio part. */
const TOKENS_PER_MEDIA_PART = 765;
/** Output reserved when neither the request nor the catalog bounds it. */
export const DEFAULT_OUTPUT_RESERVE = 4096;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return estimateTextTokens(content);
  if (!Array.isArray(content)) return content == null ? 0 : estimateTextTokens(JSON.stringify(content));
  let total = 0;
  for (const part of content as { type?: string; text?: string; refusal?: string }[]) {
    if (part.type === 'text') total += estimateTextTokens(part.text ?? '');
    else if (part.type === 'refusal') total += estimateTextTokens(part.refusal ?? '');
    else total += TOKENS_PER_MEDIA_PART;
  }
  return total;
}

/** Estimated prompt tokens: message contents, tool calls, and tool or function definitions. */
export function estimatePromptTokens(request: ChatRequest): number {
  let total = 0;
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE + contentTokens(message.content);
    if ('tool_calls' in message && message.tool_calls) total += estimateTextTokens(JSON.stringify(message.tool_calls));
  }
  if (request.tools) total += estimateTextTokens(JSON.stringify(request.tools));
  if (request.functions) total += estimateTextTokens(JSON.stringify(request.functions));
  return total;
}

/** The most output the request may produce: what it asks for, else the model's maximum, else a default. */
export function maxOutputTokens(request: ChatRequest, provider: string | undefined, model: string | undefined): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  if (typeof asked === 'number' && asked > 0) return asked * Math.max(1, request.n ?? 1);
  const known = provider && model ? modelInfo(provider, model)?.maxOutputTokens : undefined;
  return (known ?? DEFAULT_OUTPUT_RESERVE) * Math.max(1, request.n ?? 1);
}
