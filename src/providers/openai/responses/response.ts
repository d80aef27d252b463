/**
 * Responses JSON → canonical result: `message` items' `output_text` → content (refusal parts →
 * refusal), `function_call` items → tool calls (`call_id` as the id), `reasoning` items →
 * reasoning text (summaries) and a replayable reasoning block (reasoning.ts). A `failed`
 * response is an upstream error; `incomplete` finishes with `length` / `content_filter`.
 */
import type { ChatResult, ResultChoice, ToolCall } from '../../../lib/canonical';
import { readWire } from '../../read-wire';
import { mapResponsesFinish, mapResponsesUsage, responsesFailure } from './outcome';
import { summaryText, toReasoningBlock } from './reasoning';
import { responseObject } from './wire';

export function parseResponsesResponse(body: unknown): ChatResult {
  const wire = readWire(responseObject, body, 'a Responses API response');
  if (wire.status === 'failed') throw responsesFailure(wire.error);
  let text: string | null = null;
  let refusal: string | undefined;
  const reasoning: string[] = [];
  const message: ResultChoice['message'] = { content: null };
  const toolCalls: ToolCall[] = [];
  for (const item of wire.output ?? []) {
    switch (item.type) {
      case 'message':
        for (const part of item.content ?? []) {
          if (part.type === 'output_text') text = (text ?? '') + (part.text ?? '');
          else if (part.type === 'refusal') refusal = (refusal ?? '') + (part.refusal ?? '');
        }
        break;
      case 'function_call':
        toolCalls.push({
          id: item.call_id ?? item.id ?? `call_${toolCalls.length}`,
          name: item.name ?? '',
          arguments: item.arguments ?? '',
        });
        break;
      case 'reasoning': {
        const summary = summaryText(item);
        if (summary) reasoning.push(summary);
        const block = toReasoningBlock(item);
        if (block) message.reasoningBlocks = [...(message.reasoningBlocks ?? []), block];
        break;
      }
    }
  }
  message.content = text;
  if (refusal !== undefined) message.refusal = refusal;
  if (reasoning.length > 0) message.reasoning = reasoning.join('\n\n');
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  const result: ChatResult = {
    id: wire.id ?? '',
    model: wire.model ?? '',
    created: wire.created_at ?? Math.floor(Date.now() / 1000),
    choices: [{ index: 0, message, finishReason: mapResponsesFinish(wire, toolCalls.length > 0) }],
  };
  if (wire.usage) result.usage = mapResponsesUsage(wire.usage);
  if (wire.service_tier !== undefined) result.serviceTier = wire.service_tier;
  return result;
}
