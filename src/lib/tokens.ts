/**
 * Token estimates for when a provider reports no usage (a client that went away mid-stream,
 * a broken stream, a host that never sends usage). The estimate is deliberately simple:
 * about 4 characters per token, the usual rule of thumb for English text under GPT- and
 * Claude-style BPE tokenizers. It is never presented as exact: usage built here carries
 * `estimated: true` all the way to the usage event, the ledger and `GET /v1/usage`.
 * Images, audio and files are not counted (their token cost depends on the provider).
 */
import type { ChatRequest, ChatResult, Usage } from './canonical';

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN);
}

type Content = ChatRequest['messages'][number]['content'];

function contentChars(content: Content): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let chars = 0;
  for (const part of content) {
    if (part.type === 'text') chars += part.text.length;
    else if (part.type === 'refusal') chars += part.refusal.length;
  }
  return chars;
}

/** Characters of prompt text in a canonical request: message text, tool calls and tool definitions. */
export function countPromptChars(request: ChatRequest): number {
  let chars = 0;
  for (const message of request.messages) {
    chars += contentChars(message.content);
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) chars += call.function.name.length + call.function.arguments.length;
      chars += message.reasoning_content?.length ?? 0;
    }
  }
  if (request.tools) chars += JSON.stringify(request.tools).length;
  return chars;
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
