/**
 * One conversation (one object per session id): its settings and history, appended a turn at a
 * time, pruned, expired by its alarm (session-store.ts does the work, loaded when the object
 * starts, so the Worker's entry, which must export this class, does not carry it: issue 15).
 * Every method takes the calling key's id and answers `null` when the session does not exist or
 * belongs to another key, so the routes answer 404 without telling the two apart.
 */
import { DurableObject } from 'cloudflare:workers';
import type { ChatMessage } from '../lib/chat-request-schema';
import type { SessionInit, SessionMeta, SessionStore, SessionView } from './session-store';

export type { SessionInit, SessionMeta, SessionView } from './session-store';

export class Session extends DurableObject<Env> {
  #store!: SessionStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const { SessionStore } = await import('./stores');
      const store = new SessionStore(ctx, env);
      await store.load();
      this.#store = store;
    });
  }

  create(init: SessionInit): Promise<SessionMeta> {
    return this.#store.create(init);
  }

  read(ownerKeyId: string): Promise<SessionView | null> {
    return this.#store.read(ownerKeyId);
  }

  /** Append one completed turn (the request's messages and the reply) atomically, prune, move the expiry. */
  append(ownerKeyId: string, messages: ChatMessage[]): Promise<SessionMeta | null> {
    return this.#store.append(ownerKeyId, messages);
  }

  end(ownerKeyId: string): Promise<boolean> {
    return this.#store.end(ownerKeyId);
  }

  /** The expiry: every turn moves it. */
  override alarm(): Promise<void> {
    return this.#store.alarm();
  }
}
