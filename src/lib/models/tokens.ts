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
import type { ModelOverride } from './model-catalog';
import { modelInfo } from './model-info';

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

/** Media parts (images, audio, files) in message content. */
function mediaParts(content: Content | undefined): number {
  if (!Array.isArray(content)) return 0;
  return content.filter((part) => part.type !== 'text' && part.type !== 'refusal').length;
}

/** The prompt's text in a canonical request: message text, tool calls, reasoning and tool definitions. */
export function promptTexts(request: ChatRequest): string[] {
  const texts: string[] = [];
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') texts.push(part.text);
        else if (part.type === 'refusal') texts.push(part.refusal);
      }
    }
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) texts.push(call.function.name, call.function.arguments);
      if (message.reasoning_content) texts.push(message.reasoning_content);
    }
  }
  if (request.tools) texts.push(JSON.stringify(request.tools));
  if (request.functions) texts.push(JSON.stringify(request.functions));
  return texts;
}

const totalLength = (texts: string[]) => texts.reduce((sum, text) => sum + text.length, 0);

/** Characters of prompt text in a canonical request: message text, tool calls and tool definitions. */
export function countPromptChars(request: ChatRequest): number {
  return totalLength(promptTexts(request));
}

/** Tokens a prompt costs beyond its text: per-message framing and media parts. */
export function promptFramingTokens(request: ChatRequest): number {
  let media = 0;
  for (const message of request.messages) media += mediaParts(message.content);
  return request.messages.length * TOKENS_PER_MESSAGE + media * TOKENS_PER_MEDIA_PART;
}

/** Estimated prompt tokens for admission: text, per-message framing and media parts. */
export function estimatePromptTokens(request: ChatRequest): number {
  return estimateTokens(countPromptChars(request)) + promptFramingTokens(request);
}

/**
 * The most output the request may produce: what it asks for, else the model's maximum (the
 * operator's `override`, the dataset, the hand-kept table: model-info.ts), else a default.
 */
export function maxOutputTokens(
  request: ChatRequest,
  provider: string | undefined,
  model: string | undefined,
  override?: ModelOverride,
): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  const choices = Math.max(1, request.n ?? 1);
  if (typeof asked === 'number' && asked > 0) return asked * choices;
  const known = provider && model ? modelInfo(provider, model, override)?.maxOutputTokens : undefined;
  return (known ?? DEFAULT_OUTPUT_RESERVE) * choices;
}

/** Usage estimated from character counts, marked as such. */
export function estimateUsage(promptChars: number, outputChars: number): Usage {
  return { inputTokens: estimateTokens(promptChars), outputTokens: estimateTokens(outputChars), estimated: true, countedBy: 'estimate' };
}

/** Text generated in a completed result: text, reasoning, refusals and tool calls. */
export function resultTexts(result: ChatResult): string[] {
  const texts: string[] = [];
  for (const { message } of result.choices) {
    for (const text of [message.content, message.reasoning, message.refusal]) if (text) texts.push(text);
    for (const call of message.toolCalls ?? []) texts.push(call.name, call.arguments);
  }
  return texts;
}

/** Characters generated in a completed result: text, reasoning, refusals and tool calls. */
export function countResultChars(result: ChatResult): number {
  return totalLength(resultTexts(result));
}
