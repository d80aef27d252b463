/**
 * One stored response (one object per key id and response id; see lib/stored-responses/store.ts).
 * Every method takes the calling key's id and answers `null` / `false` when nothing is stored
 * for it, so the routes answer 404 without telling "another key's" from "never existed".
 * It deletes itself with its alarm when the retention ends.
 *
 * Storage (KV-style API of a SQLite-backed object): `meta`, `response`, one `input:<seq>` per
 * input item and one `context:<seq>` per item of the conversation before it.
 */
import { DurableObject } from 'cloudflare:workers';
import type { InputItemsPage, InputItemsQuery, StoredItem, StoredResponse } from '../lib/stored-responses/types';

interface Meta {
  ownerKeyId: string;
  expiresAt: number;
  inputCount: number;
  contextCount: number;
}

const META_KEY = 'meta';
const RESPONSE_KEY = 'response';
const itemKey = (prefix: 'input' | 'context', seq: number) => `${prefix}:${String(seq).padStart(8, '0')}`;

/** Durable Object storage takes at most 128 keys per `put` call. */
const STORAGE_KEYS_PER_CALL = 128;

export class ResponseStore extends DurableObject<Env> {
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
    await this.ctx.storage.put(META_KEY, meta);
    await this.ctx.storage.setAlarm(expiresAt);
  }

  async read(keyId: string): Promise<StoredResponse | null> {
    if (!(await this.#meta(keyId))) return null;
    const response = await this.ctx.storage.get<StoredResponse['response']>(RESPONSE_KEY);
    if (!response) return null;
    const input = await this.ctx.storage.list<StoredItem>({ prefix: 'input:' });
    const context = await this.ctx.storage.list<StoredItem>({ prefix: 'context:' });
    return { response, input: [...input.values()], context: [...context.values()] };
  }

  /** The input items, paginated like OpenAI's list: `after` is an item id, exclusive. */
  async listInput(keyId: string, query: InputItemsQuery): Promise<InputItemsPage | null> {
    if (!(await this.#meta(keyId))) return null;
    const items = [...(await this.ctx.storage.list<StoredItem>({ prefix: 'input:' })).values()];
    if (query.order === 'desc') items.reverse();
    const start = query.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
    if (query.after !== undefined && start === 0) return { data: [], has_more: false };
    const data = items.slice(start, start + query.limit);
    return { data, has_more: start + query.limit < items.length };
  }

  async remove(keyId: string): Promise<boolean> {
    if (!(await this.#meta(keyId))) return false;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    return true;
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
