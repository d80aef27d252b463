/**
 * The conversation a Responses request continues, rebuilt from what the gateway stored, so it
 * works whichever provider serves the next turn:
 *  - `previous_response_id` → that response's context, input and output (same key only);
 *  - `item_reference` → the stored item it names (the item id says which response holds it);
 *  - a reasoning item echoed without its `encrypted_content` (a client that did not ask for it,
 *    or one that sends only ids) gets the stored reasoning state back, signatures included.
 */
import { invalidRequest } from '../../lib/http/errors';
import { readResponse } from '../../lib/stored-responses/store';
import type { StoredItem, StoredResponse } from '../../lib/stored-responses/types';
import { type ItemPrefix, itemId, responseIdOfItem } from './ids';
import { type InputItem, parseInput, parseInputItem } from './input-items';
import { decodeReasoningState } from './reasoning-state';
import type { ResponsesRequest } from './request-schema';

export interface ResolvedInput {
  /** The request's own items, validated, ids assigned: what is stored and listed. */
  input: StoredItem[];
  /** The stored conversation before the input (from `previous_response_id`), oldest first. */
  context: StoredItem[];
  /** Context then input, references resolved: what is translated for the provider. */
  items: InputItem[];
}

const prefixFor = (type: string): ItemPrefix => (type === 'function_call' ? 'fc' : type === 'reasoning' ? 'rs' : 'msg');

/** Every item a stored response knows, by id. */
function itemsOf(stored: StoredResponse): StoredItem[] {
  return [...stored.context, ...stored.input, ...((stored.response.output as StoredItem[] | undefined) ?? [])];
}

export async function resolveInput(env: Env, keyId: string, request: ResponsesRequest, responseId: string): Promise<ResolvedInput> {
  const loaded = new Map<string, StoredResponse | null>();
  const load = async (id: string) => {
    if (!loaded.has(id)) loaded.set(id, await readResponse(env, keyId, id));
    return loaded.get(id) ?? null;
  };

  let context: StoredItem[] = [];
  if (request.previous_response_id) {
    const previous = await load(request.previous_response_id);
    if (!previous) {
      throw invalidRequest(
        `Previous response with id '${request.previous_response_id}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    context = itemsOf(previous);
  }
  const known = new Map(context.map((item) => [item.id, item]));
  const find = async (id: string): Promise<StoredItem | undefined> => {
    const local = known.get(id);
    if (local) return local;
    const owner = responseIdOfItem(id);
    const stored = owner ? await load(owner) : null;
    return stored ? itemsOf(stored).find((item) => item.id === id) : undefined;
  };

  const parsed =
    typeof request.input === 'string'
      ? parseInput([{ role: 'user', content: [{ type: 'input_text', text: request.input }] }])
      : parseInput(request.input);
  const input: StoredItem[] = [];
  for (const [index, item] of parsed.entries()) {
    if (item.type === 'item_reference') {
      const found = await find(item.id);
      if (!found) throw invalidRequest(`Item with id '${item.id}' not found.`, `input.${index}.id`, 'item_not_found');
      input.push(found);
      continue;
    }
    let stored: StoredItem = { ...item, id: item.id ?? itemId(prefixFor(item.type), responseId, index) };
    if (item.type === 'reasoning' && item.id && !decodeReasoningState(item.encrypted_content)) {
      const original = await find(item.id);
      if (typeof original?.encrypted_content === 'string') stored = { ...stored, encrypted_content: original.encrypted_content };
    }
    input.push(stored);
  }
  const items = [...context, ...input].map((item, index) => parseInputItem(item, `input.${index - context.length}`));
  return { input, context, items };
}
