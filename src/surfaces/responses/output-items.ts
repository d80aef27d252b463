/**
 * Canonical output → Responses output items, one shape for the JSON answer and the stream:
 * reasoning items first (each Anthropic block its own item, unsigned reasoning one item),
 * then the message (output_text, refusal), then one function_call item per call. Gemini
 * thought signatures ride on a reasoning item's `encrypted_content` (keyed by call id) placed
 * right before the calls.
 */
import type { ChatResult, ReasoningBlock, ToolCall } from '../../lib/canonical';
import type { ResponseContext } from './envelope';
import { type ItemPrefix, itemId } from './ids';
import type { FunctionCallItem, MessageItem, OutputContentPart, OutputItem, ReasoningItem } from './items';
import { encodeReasoningState, type ReasoningState } from './reasoning-state';

/** Mints output item ids in order, after the input items. */
export class ItemIds {
  #next: number;
  constructor(private readonly context: ResponseContext) {
    this.#next = context.firstOutputSeq;
  }
  next(prefix: ItemPrefix): string {
    return itemId(prefix, this.context.id, this.#next++);
  }
}

/** OpenAI chat logprobs (`{content: [...]}`) → the Responses list of token logprobs. */
export function responsesLogprobs(logprobs: unknown): unknown[] {
  const content = (logprobs as { content?: unknown } | null | undefined)?.content;
  return Array.isArray(content) ? content : [];
}

export function reasoningItem(id: string, text: string, state: ReasoningState): ReasoningItem {
  return { id, type: 'reasoning', summary: text ? [{ type: 'summary_text', text }] : [], encrypted_content: encodeReasoningState(state) };
}

export function blockItem(id: string, block: ReasoningBlock, fallbackText = ''): ReasoningItem {
  const thinking = block.type === 'thinking' ? (block.thinking ?? fallbackText) : '';
  return reasoningItem(id, thinking, { blocks: [{ ...block, ...(block.type === 'thinking' ? { thinking } : {}) }] });
}

/** Thought signatures of calls (Gemini), keyed by call id; undefined when none. */
export function callSignatures(calls: Pick<ToolCall, 'id' | 'signature'>[]): Record<string, string> | undefined {
  const entries = calls.filter((call) => call.signature).map((call) => [call.id, call.signature as string]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

export function functionCallItem(
  id: string,
  call: Pick<ToolCall, 'id' | 'name' | 'arguments'>,
  status: FunctionCallItem['status'],
): FunctionCallItem {
  return { id, type: 'function_call', status, arguments: call.arguments, call_id: call.id, name: call.name };
}

export function outputItemsOf(result: ChatResult, ids: ItemIds): OutputItem[] {
  const choice = result.choices[0];
  const message = choice?.message;
  if (!message) return [];
  const items: OutputItem[] = [];
  if (message.reasoningBlocks?.length) for (const block of message.reasoningBlocks) items.push(blockItem(ids.next('rs'), block));
  else if (message.reasoning) items.push(reasoningItem(ids.next('rs'), message.reasoning, { text: message.reasoning }));
  const calls = message.toolCalls ?? (message.functionCall ? [{ id: 'function_call', ...message.functionCall }] : []);
  const content: OutputContentPart[] = [];
  if (message.content)
    content.push({ type: 'output_text', text: message.content, annotations: [], logprobs: responsesLogprobs(choice.logprobs) });
  if (message.refusal) content.push({ type: 'refusal', refusal: message.refusal });
  if (content.length) {
    const item: MessageItem = { id: ids.next('msg'), type: 'message', status: 'completed', role: 'assistant', content };
    items.push(item);
  }
  // As in the stream: the signature carrier goes right before the calls it belongs to.
  const signatures = callSignatures(calls);
  if (signatures) items.push(reasoningItem(ids.next('rs'), '', { calls: signatures }));
  for (const call of calls) items.push(functionCallItem(ids.next('fc'), call, 'completed'));
  return items;
}
