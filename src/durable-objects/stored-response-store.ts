/**
 * The storage of one stored response (the Durable Object is response-store.ts; one object per key id and response id; see lib/stored-responses/store.ts).
 * Every method takes the calling key's id and answers `null` / `false` when nothing is stored
 * for it, so the routes answer 404 without telling "another key's" from "never existed".
 * It deletes itself with its alarm when the retention ends.
 *
 * Storage (KV-style API of a SQLite-backed object): `meta` (owner, expiry, counts, and the
 * upstream that stored the same response, if any), `response`, one `input:<seq>` per input item
 * and one `context:<seq>` per item of the conversation before it. An item alias object (named
 * after an output item id the provider minted, on the same-dialect lane) holds only `meta`, with
 * `aliasOf` naming the response, so an `item_reference` to that item finds it.
 */
import type { InputItemsPage, InputItemsQuery, StoredItem, StoredResponse, StoredUpstream } from '../lib/stored-responses/types';

interface Meta {
  ownerKeyId: string;
  expiresAt: number;
  inputCount: number;
  contextCount: number;
  /** Where the provider keeps the same response, when it does (same-dialect lane). */
  upstream?: StoredUpstream;
  /** Set on an item alias object (an item id the provider minted → the response that holds it). */
  aliasOf?: string;
}

const META_KEY = 'meta';
const RESPONSE_KEY = 'response';
const itemKey = (prefix: 'input' | 'context', seq: number) => `${prefix}:${String(seq).padStart(8, '0')}`;

/** Durable Object storage takes at most 128 keys per `put` call. */
const STORAGE_KEYS_PER_CALL = 128;

/** The ResponseStore object's implementation (response-store.ts loads it when the object starts). */
export class StoredResponseStore {
  readonly ctx: DurableObjectState;

  constructor(ctx: DurableObjectState) {
    this.ctx = ctx;
  }

  async #meta(keyId: string): Promise<Meta | undefined> {
    const meta = await this.ctx.storage.get<Meta>(META_KEY);
    if (!meta || meta.ownerKeyId !== keyId || meta.expiresAt <= Date.now()) return undefined;
    return meta;
  }

  async save(keyId: string, stored: StoredResponse, expiresAt: number): Promise<void> {
    const entries: [string, unknown][] = [
      ...stored.input.map((item, seq): [string, unknown] => [itemKey('input', seq), item]),
      ...stored.context.map((item, seq): [string, unknown] => [itemKey('context', seq), item]),
    ];
    await this.ctx.storage.deleteAll();
    for (let start = 0; start < entries.length; start += STORAGE_KEYS_PER_CALL) {
      await this.ctx.storage.put(Object.fromEntries(entries.slice(start, start + STORAGE_KEYS_PER_CALL)));
    }
    await this.ctx.storage.put(RESPONSE_KEY, stored.response);
    const meta: Meta = { ownerKeyId: keyId, expiresAt, inputCount: stored.input.length, contextCount: stored.context.length };
    if (stored.upstream) meta.upstream = stored.upstream;
    await this.ctx.storage.put(META_KEY, meta);
    await this.ctx.storage.setAlarm(expiresAt);
  }

  /** An item alias: this object is named after an item id the provider minted, and points to its response. */
  async saveAlias(keyId: string, responseId: string, expiresAt: number): Promise<void> {
    const meta: Meta = { ownerKeyId: keyId, expiresAt, inputCount: 0, contextCount: 0, aliasOf: responseId };
    await this.ctx.storage.put(META_KEY, meta);
    await this.ctx.storage.setAlarm(expiresAt);
  }

  async aliasOf(keyId: string): Promise<string | null> {
    return (await this.#meta(keyId))?.aliasOf ?? null;
  }

  async read(keyId: string): Promise<StoredResponse | null> {
    const meta = await this.#meta(keyId);
    if (!meta || meta.aliasOf) return null;
    const response = await this.ctx.storage.get<StoredResponse['response']>(RESPONSE_KEY);
    if (!response) return null;
    const input = await this.ctx.storage.list<StoredItem>({ prefix: 'input:' });
    const context = await this.ctx.storage.list<StoredItem>({ prefix: 'context:' });
    const stored: StoredResponse = { response, input: [...input.values()], context: [...context.values()] };
    if (meta.upstream) stored.upstream = meta.upstream;
    return stored;
  }

  /** The input items, paginated like OpenAI's list: `after` is an item id, exclusive. */
  async listInput(keyId: string, query: InputItemsQuery): Promise<InputItemsPage | null> {
    const meta = await this.#meta(keyId);
    if (!meta || meta.aliasOf) return null;
    const items = [...(await this.ctx.storage.list<StoredItem>({ prefix: 'input:' })).values()];
    if (query.order === 'desc') items.reverse();
    const start = query.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
    if (query.after !== undefined && start === 0) return { data: [], has_more: false };
    const data = items.slice(start, start + query.limit);
    return { data, has_more: start + query.limit < items.length };
  }

  async remove(keyId: string): Promise<boolean> {
    const meta = await this.#meta(keyId);
    if (!meta || meta.aliasOf) return false;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    return true;
  }

  async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
