/** The Responses API items this surface writes: output items, and any item as stored. */
import type { StoredItem } from '../../lib/stored-responses/types';

export type { StoredItem };

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}
export interface RefusalPart {
  type: 'refusal';
  refusal: string;
}
export type OutputContentPart = OutputTextPart | RefusalPart;

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface MessageItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  role: 'assistant';
  content: OutputContentPart[];
}
export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  arguments: string;
  call_id: string;
  name: string;
}
export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: SummaryText[];
  encrypted_content?: string | null;
}
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

/** An output item as the caller sees it: `encrypted_content` only when asked for. */
export function visibleItem<T extends OutputItem | StoredItem>(item: T, withEncrypted: boolean): T {
  if (item.type !== 'reasoning' || withEncrypted || !('encrypted_content' in item)) return item;
  const { encrypted_content: _hidden, ...rest } = item as ReasoningItem;
  return rest as T;
}

/** A stored or built response as the caller sees it. */
export function visibleResponse<T extends Record<string, unknown>>(response: T, withEncrypted: boolean): T {
  const output = Array.isArray(response.output)
    ? response.output.map((item: StoredItem) => visibleItem(item, withEncrypted))
    : response.output;
  return { ...response, output };
}
