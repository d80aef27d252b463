/**
 * Anthropic message → canonical result: text blocks concatenated, `tool_use` → tool calls
 * (arguments are the input re-serialised, since Anthropic returns an object), `thinking` →
 * reasoning text plus signed blocks for the next turn, `redacted_thinking` → opaque blocks.
 * Blocks the gateway does not translate (server tool results, future types) are skipped.
 */

import type { ChatResult, ReasoningBlock, ResultMessage, ToolCall } from '../../lib/canonical';
import { readWire } from '../read-wire';
import { JSON_RESPONSE_TOOL } from './json-response';
import { mapAnthropicStopReason } from './stop-reason';
import { mapAnthropicUsage } from './usage';
import { message as messageSchema } from './wire';

/** `now` is injectable for tests: Anthropic messages carry no creation time. */
export function parseAnthropicChatResponse(body: unknown, now: () => number = Date.now): ChatResult {
  const wire = readWire(messageSchema, body, 'a message');
  let text: string | null = null;
  let reasoning = '';
  let jsonContent: string | undefined;
  const reasoningBlocks: ReasoningBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of wire.content) {
    switch (block.type) {
      case 'text':
        text = (text ?? '') + (block.text ?? '');
        break;
      case 'thinking':
        reasoning += block.thinking ?? '';
        reasoningBlocks.push({ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
        break;
      case 'redacted_thinking':
        reasoningBlocks.push({ type: 'redacted_thinking', data: block.data ?? '' });
        break;
      case 'tool_use': {
        const args = JSON.stringify(block.input ?? {});
        if (block.name === JSON_RESPONSE_TOOL) jsonContent = args;
        else toolCalls.push({ id: block.id ?? `toolu_${toolCalls.length}`, name: block.name ?? '', arguments: args });
        break;
      }
    }
  }

  const message: ResultMessage = { content: jsonContent ?? text };
  if (reasoning) message.reasoning = reasoning;
  if (reasoningBlocks.length) message.reasoningBlocks = reasoningBlocks;
  if (toolCalls.length) message.toolCalls = toolCalls;
  let finishReason = wire.stop_reason ? mapAnthropicStopReason(wire.stop_reason) : null;
  if (finishReason === 'tool_calls' && jsonContent !== undefined && toolCalls.length === 0) finishReason = 'stop';
  if (wire.stop_reason === 'refusal') message.refusal = wire.stop_details?.explanation ?? 'The model refused to answer.';

  const result: ChatResult = {
    id: wire.id ?? `msg_${crypto.randomUUID().replaceAll('-', '')}`,
    model: wire.model ?? '',
    created: Math.floor(now() / 1000),
    choices: [{ index: 0, message, finishReason, ...(wire.stop_sequence ? { stopSequence: wire.stop_sequence } : {}) }],
  };
  if (wire.usage) result.usage = mapAnthropicUsage(wire.usage);
  return result;
}
