/**
 * Token estimates, for the two moments no provider has counted anything:
 *  - admission reserves tokens per minute and worst-case spend before the request runs
 *    (`estimatePromptTokens`, `maxOutputTokens`); the reservation is settled to the provider's
 *    real usage afterwards, so a wrong estimate only shifts capacity for a moment, never billing;
 *  - accounting, when a provider reports no usage (a client gone mid-stream, a broken stream, a
 *    host that never sends usage): `estimateUsage`, always marked `estimated: true` all the way
 *    to the usage event, the ledger and `GET /v1/usage`.
 * The rule is deliberately simple: about 4 characters per token, the usual rule of thumb for
 * English text and JSON under GPT- and Claude-style BPE tokenizers.
 */
import type { ChatRequest, ChatResult, Usage } from '../canonical';
import { modelInfo } from './model-catalog';

export const CHARS_PER_TOKEN = 4;
/** Role, name and delimiters around each message (OpenAI documents 3–4). */
const TOKENS_PER_MESSAGE = 4;
/** A high-detail 512×512 tile costs 765 tokens on OpenAI; reserved for every image or audio part. */
const TOKENS_PER_MEDIA_PART = 765;
/** Output reserved when neither the request nor the catalog bounds it. */
export const DEFAULT_OUTPUT_RESERVE = 4096;

export function estimateTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateTextTokens(text: string): number {
  return estimateTokens(text.length);
}

type Content = ChatRequest['messages'][number]['content'];

/** Characters of text in message content, and how many media parts it holds. */
function measureContent(content: Content | undefined): { chars: number; media: number } {
  if (typeof content === 'string') return { chars: content.length, media: 0 };
  if (!Array.isArray(content)) return { chars: 0, media: 0 };
  let chars = 0;
  let media = 0;
  for (const part of content) {
    if (part.type === 'text') chars += part.text.length;
    else if (part.type === 'refusal') chars += part.refusal.length;
    else media += 1;
  }
  return { chars, media };
}

/** Characters of prompt text in a canonical request: message text, tool calls and tool definitions. */
export function countPromptChars(request: ChatRequest): number {
  let chars = 0;
  for (const message of request.messages) {
    chars += measureContent(message.content).chars;
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) chars += call.function.name.length + call.function.arguments.length;
      chars += message.reasoning_content?.length ?? 0;
    }
  }
  if (request.tools) chars += JSON.stringify(request.tools).length;
  if (request.functions) chars += JSON.stringify(request.functions).length;
  return chars;
}

/** Estimated prompt tokens for admission: text, per-message framing and media parts. */
export function estimatePromptTokens(request: ChatRequest): number {
  let media = 0;
  for (const message of request.messages) media += measureContent(message.content).media;
  return estimateTokens(countPromptChars(request)) + request.messages.length * TOKENS_PER_MESSAGE + media * TOKENS_PER_MEDIA_PART;
}

/** The most output the request may produce: what it asks for, else the model's maximum, else a default. */
export function maxOutputTokens(request: ChatRequest, provider: string | undefined, model: string | undefined): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  const choices = Math.max(1, request.n ?? 1);
  if (typeof asked === 'number' && asked > 0) return asked * choices;
  const known = provider && model ? modelInfo(provider, model)?.maxOutputTokens : undefined;
  return (known ?? DEFAULT_OUTPUT_RESERVE) * choices;
}

/** Usage estimated from character counts, marked as such. */
export function estimateUsage(promptChars: number, outputChars: number): Usage {
  return { inputTokens: estimateTokens(promptChars), outputTokens: estimateTokens(outputChars), estimated: true };
}

/** Characters generated in a completed result: text, reasoning, refusals and tool calls. */
export function countResultChars(result: ChatResult): number {
  let chars = 0;
  for (const { message } of result.choices) {
    chars += (message.content?.length ?? 0) + (message.reasoning?.length ?? 0) + (message.refusal?.length ?? 0);
    for (const call of message.toolCalls ?? []) chars += call.name.length + call.arguments.length;
  }
  return chars;
}
