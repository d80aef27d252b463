/**
 * One stored response (one object per key id and response id; see lib/stored-responses/store.ts),
 * or an alias naming one. stored-response-store.ts does the work (storage layout there), loaded
 * when the object starts, so the Worker's entry, which must export this class, does not carry it
 * (issue 15). Every method takes the calling key's id and answers `null` / `false` when nothing
 * is stored for it; the alarm deletes the object when the retention ends.
 */
import { DurableObject } from 'cloudflare:workers';
import type { InputItemsPage, InputItemsQuery, StoredResponse } from '../lib/stored-responses/types';
import type { StoredResponseStore } from './stored-response-store';

export class ResponseStore extends DurableObject<Env> {
  #store!: StoredResponseStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const { StoredResponseStore } = await import('./stores');
      this.#store = new StoredResponseStore(ctx);
    });
  }

  save(keyId: string, stored: StoredResponse, expiresAt: number): Promise<void> {
    return this.#store.save(keyId, stored, expiresAt);
  }

  /** An item alias: this object is named after an item id the provider minted, and points to its response. */
  saveAlias(keyId: string, responseId: string, expiresAt: number): Promise<void> {
    return this.#store.saveAlias(keyId, responseId, expiresAt);
  }

  aliasOf(keyId: string): Promise<string | null> {
    return this.#store.aliasOf(keyId);
  }

  read(keyId: string): Promise<StoredResponse | null> {
    return this.#store.read(keyId);
  }

  /** The input items, paginated like OpenAI's list: `after` is an item id, exclusive. */
  listInput(keyId: string, query: InputItemsQuery): Promise<InputItemsPage | null> {
    return this.#store.listInput(keyId, query);
  }

  remove(keyId: string): Promise<boolean> {
    return this.#store.remove(keyId);
  }

  override alarm(): Promise<void> {
    return this.#store.alarm();
  }
}
