/**
 * Anthropic refuses a request with thinking on whose last assistant turn calls tools without
 * starting with its thinking block ("When `thinking` is enabled, a final `assistant` message
 * must start with a thinking block … To avoid this requirement, disable `thinking`").
 *
 * That turn is what a client sends when it kept none of the gateway's reasoning extensions
 * (the AI SDK's and LangChain's chat-completions models, the Agents SDK when streaming): the
 * reasoning is lost, and asking again with thinking on can only fail. So the adapter turns
 * thinking off for that one request and names what it dropped (`thinking` or
 * `reasoning_effort`); a strict caller gets the 400 instead, before any upstream call.
 */
import type { AnthropicTurn } from './messages';

export function hasUnsignedToolTurn(messages: AnthropicTurn[]): boolean {
  const last = messages.findLast((turn) => turn.role === 'assistant');
  if (!last?.content.some((block) => block.type === 'tool_use')) return false;
  const first = last.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
