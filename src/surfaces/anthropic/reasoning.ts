/**
 * Anthropic fields newer than the canonical request, translated to their canonical equivalent:
 * - `thinking: {type: "adaptive"}` (the model decides how much to think) and
 *   `output_config.effort` → `reasoning_effort` (`max` → `xhigh`); an explicit budget
 *   (`enabled`) or `disabled` stays the canonical `thinking` extension and wins over effort;
 * - `output_config.format` / `output_format` (`json_schema`) → `response_format` json_schema;
 * - `role: "system"` entries inside `messages` → system messages before the conversation
 *   (every target has one system prompt, so they join it in order).
 */
import type { ChatMessage, ChatRequest } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import type { MessageParam, MessagesRequest } from './request-schema';

const EFFORT = { low: 'low', medium: 'medium', high: 'high', max: 'xhigh' } as const;

/** What adaptive thinking asks for when no effort is given: the providers' own default. */
const ADAPTIVE_DEFAULT_EFFORT = 'medium';

/** The name given to a structured-output schema, which Anthropic's format does not name. */
export const OUTPUT_SCHEMA_NAME = 'output';

export function reasoningFor(request: MessagesRequest): Pick<ChatRequest, 'thinking' | 'reasoning_effort'> {
  const thinking = request.thinking;
  if (thinking?.type === 'enabled') return { thinking: { type: 'enabled', budget_tokens: thinking.budget_tokens } };
  if (thinking?.type === 'disabled') return { thinking: { type: 'disabled' } };
  const effort = request.output_config?.effort;
  if (effort) return { reasoning_effort: EFFORT[effort] };
  if (thinking?.type === 'adaptive') return { reasoning_effort: ADAPTIVE_DEFAULT_EFFORT };
  return {};
}

export function responseFormatFor(request: MessagesRequest): ChatRequest['response_format'] {
  const format = request.output_config?.format ?? request.output_format;
  if (!format) return undefined;
  return { type: 'json_schema', json_schema: { name: OUTPUT_SCHEMA_NAME, schema: format.schema, strict: true } };
}

/** `role: "system"` entries of `messages`, as canonical system messages (text only). */
export function systemEntries(messages: MessageParam[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role !== 'system') return;
    if (typeof message.content === 'string') {
      if (message.content !== '') out.push({ role: 'system', content: message.content });
      return;
    }
    const parts = message.content.map((block, blockIndex) => {
      if (block.type !== 'text') {
        throw invalidRequest(
          `messages.${index}.content.${blockIndex}: a system message holds text blocks only.`,
          `messages.${index}.content.${blockIndex}.type`,
        );
      }
      return { type: 'text' as const, text: block.text };
    });
    if (parts.length > 0) out.push({ role: 'system', content: parts });
  });
  return out;
}
