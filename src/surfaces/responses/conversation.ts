/**
 * The conversation a Responses request continues, rebuilt from what the gateway stored, so it
 * works whichever provider serves the next turn:
 *  - `previous_response_id` → that response's context, input and output (same key only);
 *  - `item_reference` → the stored item it names (the item id says which response holds it);
 *  - a reasoning item echoed without its `encrypted_content` (a client that did not ask for it,
 *    or one that sends only ids) gets the stored reasoning state back, signatures included.
 *
 * Items the gateway cannot translate (a built-in tool's `web_search_call`, which only OpenAI
 * runs) are left out of the translated conversation when they come from the store. In the
 * request's own input they are a 400 naming the item, unless the request may take the
 * same-dialect lane (`forwardable`): then they stay in the body OpenAI gets, and the 400 is kept
 * for a target that would need them translated (`untranslatable`). So does an `item_reference`
 * the gateway does not hold (OpenAI may).
 */
import type { GatewayError } from '../../lib/http/errors';
import { invalidRequest } from '../../lib/http/errors';
import { readResponse, responseIdOfAlias } from '../../lib/stored-responses/store';
import type { StoredItem, StoredResponse } from '../../lib/stored-responses/types';
import { type ItemPrefix, itemId, responseIdOfItem } from './ids';
import { type InputItem, parseInputItem } from './input-items';
import { decodeReasoningState } from './reasoning-state';
import type { ResponsesRequest } from './request-schema';

export interface ResolvedInput {
  /** The request's own items, validated, ids assigned: what is stored and listed. */
  input: StoredItem[];
  /** The stored conversation before the input (from `previous_response_id`), oldest first. */
  context: StoredItem[];
  /** Context then input, references resolved: what is translated for the provider. */
  items: InputItem[];
  /** How many of `items` are the context's. */
  contextItems: number;
  /** The stored response `previous_response_id` names. */
  previous?: StoredResponse;
  /** Why the input cannot be translated (an item only OpenAI reads); set only when `forwardable`. */
  untranslatable?: GatewayError;
}

const UNTRANSLATABLE_ITEM = 'unsupported_input_item';

function isUntranslatable(error: unknown): error is GatewayError {
  return typeof error === 'object' && error !== null && (error as GatewayError).code === UNTRANSLATABLE_ITEM;
}

const prefixFor = (type: string): ItemPrefix => (type === 'function_call' ? 'fc' : type === 'reasoning' ? 'rs' : 'msg');

/** Every item a stored response knows, by id. */
function itemsOf(stored: StoredResponse): StoredItem[] {
  return [...stored.context, ...stored.input, ...((stored.response.output as StoredItem[] | undefined) ?? [])];
}

export async function resolveInput(
  env: Env,
  keyId: string,
  request: ResponsesRequest,
  responseId: string,
  forwardable = false,
): Promise<ResolvedInput> {
  const loaded = new Map<string, StoredResponse | null>();
  const load = async (id: string) => {
    if (!loaded.has(id)) loaded.set(id, await readResponse(env, keyId, id));
    return loaded.get(id) ?? null;
  };

  let context: StoredItem[] = [];
  let previous: StoredResponse | null = null;
  if (request.previous_response_id) {
    previous = await load(request.previous_response_id);
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
  /** `aliased`: also look up ids the provider minted (an `item_reference`; not for every echoed reasoning item). */
  const find = async (id: string, aliased = false): Promise<StoredItem | undefined> => {
    const local = known.get(id);
    if (local) return local;
    const inResponse = async (owner: string | null | undefined) => {
      const stored = owner ? await load(owner) : null;
      return stored ? itemsOf(stored).find((item) => item.id === id) : undefined;
    };
    // A provider's ids can look like the gateway's (`msg_` + hex): the alias is tried after.
    return (await inResponse(responseIdOfItem(id))) ?? (aliased ? await inResponse(await responseIdOfAlias(env, keyId, id)) : undefined);
  };

  const raw =
    typeof request.input === 'string' ? [{ role: 'user', content: [{ type: 'input_text', text: request.input }] }] : (request.input ?? []);
  const input: StoredItem[] = [];
  const translated: InputItem[] = [];
  let untranslatable: GatewayError | undefined;
  for (const [index, rawItem] of raw.entries()) {
    let item: InputItem;
    try {
      item = parseInputItem(rawItem, `input.${index}`);
    } catch (error) {
      if (!forwardable || !isUntranslatable(error)) throw error;
      // Kept as written (OpenAI reads it); a translated target is refused with this error.
      untranslatable ??= error;
      const record = rawItem as Record<string, unknown>;
      input.push({ ...record, id: typeof record.id === 'string' ? record.id : itemId('msg', responseId, index) } as StoredItem);
      continue;
    }
    if (item.type === 'item_reference') {
      const found = await find(item.id, true);
      if (!found) {
        const notFound = invalidRequest(`Item with id '${item.id}' not found.`, `input.${index}.id`, 'item_not_found');
        if (!forwardable) throw notFound;
        // The upstream may hold it (a response stored at OpenAI directly): forwarded as written.
        untranslatable ??= notFound;
        input.push({ ...item, id: item.id } as StoredItem);
        continue;
      }
      input.push(found);
      translated.push(parseInputItem(found, `input.${index}`));
      continue;
    }
    let stored: StoredItem = { ...item, id: item.id ?? itemId(prefixFor(item.type), responseId, index) };
    if (item.type === 'reasoning' && item.id && !decodeReasoningState(item.encrypted_content)) {
      const original = await find(item.id);
      if (typeof original?.encrypted_content === 'string') stored = { ...stored, encrypted_content: original.encrypted_content };
    }
    input.push(stored);
    translated.push(parseInputItem(stored, `input.${index}`));
  }
  // Stored items only OpenAI reads (built-in tool calls it ran) have no translation: left out.
  const fromContext = context.flatMap((item, index) => {
    try {
      return [parseInputItem(item, `previous_response_id.${index}`)];
    } catch (error) {
      if (isUntranslatable(error)) return [];
      throw error;
    }
  });
  return {
    input,
    context,
    items: [...fromContext, ...translated],
    contextItems: fromContext.length,
    ...(previous ? { previous } : {}),
    ...(untranslatable ? { untranslatable } : {}),
  };
}
