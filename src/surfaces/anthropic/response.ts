/**
 * Canonical result → Anthropic `Message` JSON: thinking blocks first (signatures kept), then
 * text, then tool_use blocks, as Anthropic orders them.
 *
 * Tool arguments are JSON text in the canonical model; Anthropic's `input` is an object. Empty
 * arguments become `{}`. Arguments that are not a JSON object (a model that produced broken
 * JSON) also become `{}`, and the tool ids are reported in `invalidToolInputs` so the route can
 * flag them in a header: the caller's tool then fails visibly on missing fields instead of the
 * whole response being lost.
 */
import type { ChatResult, ReasoningBlock } from '../../lib/canonical';
import { callSignatureBlock } from './call-signatures';
import { toAnthropicStop } from './stop-reason';
import { type AnthropicUsage, toAnthropicUsage } from './usage';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  /** `signature`: a gateway extension carrying a provider's per-call signature back next turn (Gemini). */
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; signature?: string };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicEncodeOptions {
  /** The caller's `stop_sequences`, to tell a stop sequence from a natural end. */
  stopSequences?: string[] | undefined;
}

/** Anthropic ids start with `msg_`; other providers' ids are prefixed, never replaced. */
export function messageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id || crypto.randomUUID().replaceAll('-', '')}`;
}

/** Parse tool arguments into Anthropic's `input` object; `undefined` when they are not one. */
export function parseToolInput(argumentsText: string): Record<string, unknown> | undefined {
  if (argumentsText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A signed or redacted reasoning block as an Anthropic content block. */
export function reasoningContentBlock(block: ReasoningBlock): AnthropicContentBlock {
  if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: block.data ?? '' };
  return { type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' };
}

export function toAnthropicMessage(
  result: ChatResult,
  options: AnthropicEncodeOptions = {},
): { message: AnthropicMessage; invalidToolInputs: string[] } {
  const choice = result.choices[0];
  const source = choice?.message;
  const content: AnthropicContentBlock[] = [];
  const invalidToolInputs: string[] = [];
  if (source?.reasoningBlocks?.length) content.push(...source.reasoningBlocks.map(reasoningContentBlock));
  // Reasoning from providers that do not sign it (DeepSeek, OpenAI-compatible hosts): unsigned.
  else if (source?.reasoning) content.push({ type: 'thinking', thinking: source.reasoning, signature: '' });
  if (source?.content) content.push({ type: 'text', text: source.content });
  const refused = Boolean(source?.refusal);
  if (refused && !source?.content) content.push({ type: 'text', text: source?.refusal ?? '' });
  const calls = source?.toolCalls ?? (source?.functionCall ? [{ id: 'function_call', ...source.functionCall }] : []);
  const carrier = callSignatureBlock(calls);
  if (carrier) content.push(carrier);
  for (const call of calls) {
    const input = parseToolInput(call.arguments);
    if (input === undefined) invalidToolInputs.push(call.id);
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: input ?? {},
      ...(call.signature ? { signature: call.signature } : {}),
    });
  }
  const stop = toAnthropicStop({
    reason: choice?.finishReason,
    stopSequence: choice?.stopSequence,
    requested: options.stopSequences,
    refused,
  });
  const message: AnthropicMessage = {
    id: messageId(result.id),
    type: 'message',
    role: 'assistant',
    model: result.model,
    content,
    ...stop,
    usage: toAnthropicUsage(result.usage),
  };
  return { message, invalidToolInputs };
}
