/**
 * The storage of one conversation (the Durable Object is session.ts; one object per session id). Holds the session's settings and its history,
 * appends a completed turn atomically, prunes, and expires itself with its alarm.
 *
 * Every method takes the calling key's id and answers `null` when the session does not exist
 * or belongs to another key, so the routes answer 404 without telling the two apart.
 * Storage (KV-style API of a SQLite-backed object): `meta` and one `message:<seq>` per message.
 */
import type { ChatMessage } from '../lib/chat-request-schema';
import { estimateTokens, type HistoryLimits, pruneHistory, type StoredMessage } from '../lib/sessions/history';
import { sessionDirectory } from '../lib/sessions/stubs';

export interface SessionMeta {
  id: string;
  ownerKeyId: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  ttlSeconds: number;
  model?: string;
  metadata?: Record<string, string>;
  system?: string;
  limits: HistoryLimits;
  turns: number;
  prunedMessages: number;
  nextSeq: number;
}

export type SessionInit = Pick<SessionMeta, 'id' | 'ownerKeyId' | 'ttlSeconds' | 'model' | 'metadata' | 'system' | 'limits'>;

export interface SessionView {
  meta: SessionMeta;
  messages: ChatMessage[];
}

const META_KEY = 'meta';
const MESSAGE_PREFIX = 'message:';
const messageKey = (seq: number) => `${MESSAGE_PREFIX}${String(seq).padStart(12, '0')}`;

/** Durable Object storage takes at most 128 keys per `put` or `delete` call. */
const STORAGE_KEYS_PER_CALL = 128;
function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += STORAGE_KEYS_PER_CALL) out.push(items.slice(start, start + STORAGE_KEYS_PER_CALL));
  return out;
}

/** The Session object's implementation (session.ts loads it when the object starts). */
export class SessionStore {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  #meta: SessionMeta | undefined;
  #messages: StoredMessage[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }

  /** Load the session; session.ts awaits it inside the object's blockConcurrencyWhile, before any call. */
  async load(): Promise<void> {
    this.#meta = await this.ctx.storage.get<SessionMeta>(META_KEY);
    const stored = await this.ctx.storage.list<StoredMessage>({ prefix: MESSAGE_PREFIX });
    this.#messages = [...stored.values()];
  }

  #owned(ownerKeyId: string): SessionMeta | undefined {
    return this.#meta && this.#meta.ownerKeyId === ownerKeyId ? this.#meta : undefined;
  }

  #view(meta: SessionMeta): SessionView {
    return { meta: { ...meta }, messages: this.#messages.map((stored) => stored.message) };
  }

  async create(init: SessionInit): Promise<SessionMeta> {
    if (this.#meta) throw new Error('session already exists');
    const now = Date.now();
    const meta: SessionMeta = {
      ...init,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + init.ttlSeconds * 1000,
      turns: 0,
      prunedMessages: 0,
      nextSeq: 1,
    };
    this.#meta = meta;
    await this.ctx.storage.put(META_KEY, meta);
    await this.ctx.storage.setAlarm(meta.expiresAt);
    return { ...meta };
  }

  async read(ownerKeyId: string): Promise<SessionView | null> {
    const meta = this.#owned(ownerKeyId);
    return meta ? this.#view(meta) : null;
  }

  /**
   * Append one completed turn (the request's own messages and the assistant reply) in one
   * storage transaction, prune, and move the expiry. Turns land in the order their appends
   * arrive here, i.e. the order the replies completed.
   */
  async append(ownerKeyId: string, messages: ChatMessage[]): Promise<SessionMeta | null> {
    const current = this.#owned(ownerKeyId);
    if (!current) return null;
    const now = Date.now();
    let nextSeq = current.nextSeq;
    const added = messages.map((message) => ({ seq: nextSeq++, message, tokens: estimateTokens(message) }));
    const all = [...this.#messages, ...added];
    const dropped = new Set(pruneHistory(all, current.limits, current.system ? estimateTokens(current.system) : 0));
    const meta: SessionMeta = {
      ...current,
      nextSeq,
      updatedAt: now,
      expiresAt: now + current.ttlSeconds * 1000,
      turns: current.turns + 1,
      prunedMessages: current.prunedMessages + dropped.size,
    };
    const kept = added.filter((stored) => !dropped.has(stored.seq));
    await this.ctx.storage.transaction(async (transaction) => {
      await transaction.put(META_KEY, meta);
      for (const batch of batches(kept)) await transaction.put(Object.fromEntries(batch.map((stored) => [messageKey(stored.seq), stored])));
      for (const batch of batches([...dropped])) await transaction.delete(batch.map(messageKey));
      await transaction.setAlarm(meta.expiresAt);
    });
    this.#meta = meta;
    this.#messages = all.filter((stored) => !dropped.has(stored.seq));
    return { ...meta };
  }

  async end(ownerKeyId: string): Promise<boolean> {
    if (!this.#owned(ownerKeyId)) return false;
    await this.#destroy();
    return true;
  }

  /** The alarm is the expiry: every turn moves it, so when it fires the session has been idle for its TTL. */
  async alarm(): Promise<void> {
    // Leave the key's list first: if that fails the alarm is retried with the session intact.
    if (this.#meta) await sessionDirectory(this.env, this.#meta.ownerKeyId).removeSession(this.#meta.id);
    await this.#destroy();
  }

  async #destroy(): Promise<void> {
    this.#meta = undefined;
    this.#messages = [];
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
}
