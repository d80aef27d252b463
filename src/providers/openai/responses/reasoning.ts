/**
 * OpenAI reasoning items ⇄ canonical reasoning blocks.
 *
 * A reasoning item is replayed next turn as `{type:"reasoning", id, summary, encrypted_content}`
 * (with `store: false` the encrypted content is the only copy). The chat and messages surfaces
 * carry a reasoning block back as `{type:"thinking", thinking, signature}`, so the item's id and
 * encrypted content travel together in the block's signature, self-describing:
 *
 *     openai-reasoning:<item id>:<encrypted_content>
 *
 * A signature without this prefix came from another provider (Anthropic, Gemini) and cannot be
 * replayed to OpenAI; the request builder leaves such blocks out (reasoning from another model
 * is not input OpenAI accepts, and the answer does not depend on it).
 */
import type { ReasoningBlock } from '../../../lib/canonical';
import type { WireOutputItem } from './wire';

export const OPENAI_REASONING_PREFIX = 'openai-reasoning:';

/** Summary parts joined as one text (what a caller sees as the reasoning). */
export function summaryText(item: Pick<WireOutputItem, 'summary'>): string {
  return (item.summary ?? [])
    .map((part) => part.text ?? '')
    .filter(Boolean)
    .join('\n\n');
}

/** A completed reasoning item → a canonical block; undefined when there is nothing to replay. */
export function toReasoningBlock(item: WireOutputItem, streamedSummary?: string): ReasoningBlock | undefined {
  if (!item.id || !item.encrypted_content) return undefined;
  return {
    type: 'thinking',
    thinking: streamedSummary ?? summaryText(item),
    signature: `${OPENAI_REASONING_PREFIX}${item.id}:${item.encrypted_content}`,
  };
}

export interface ReasoningInputItem {
  type: 'reasoning';
  id: string;
  summary: { type: 'summary_text'; text: string }[];
  encrypted_content: string;
}

/** A canonical block → the input item OpenAI accepts back; undefined for another provider's block. */
export function toReasoningInputItem(block: ReasoningBlock): ReasoningInputItem | undefined {
  const signature = block.signature;
  if (block.type !== 'thinking' || !signature?.startsWith(OPENAI_REASONING_PREFIX)) return undefined;
  const rest = signature.slice(OPENAI_REASONING_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return {
    type: 'reasoning',
    id: rest.slice(0, colon),
    summary: block.thinking ? [{ type: 'summary_text', text: block.thinking }] : [],
    encrypted_content: rest.slice(colon + 1),
  };
}
