/**
 * What one gateway key owns on the conversation side (one object per key id): the index of its
 * sessions, for `GET /v1/sessions`, and its prompt templates. A Durable Object rather than KV so
 * a session or template is listed and usable the moment it was created, from any location.
 * Storage: `session:<id>` → SessionIndexEntry, `template:<name>` → StoredTemplate.
 */
import { DurableObject } from 'cloudflare:workers';

export interface SessionIndexEntry {
  id: string;
  createdAt: number;
  model?: string;
  metadata?: Record<string, string>;
}

export interface StoredTemplate {
  name: string;
  template: string;
  variables: string[];
  createdAt: number;
  updatedAt: number;
}

const SESSION_PREFIX = 'session:';
const TEMPLATE_PREFIX = 'template:';

export class SessionDirectory extends DurableObject<Env> {
  async addSession(entry: SessionIndexEntry): Promise<void> {
    await this.ctx.storage.put(`${SESSION_PREFIX}${entry.id}`, entry);
  }

  async removeSession(id: string): Promise<void> {
    await this.ctx.storage.delete(`${SESSION_PREFIX}${id}`);
  }

  /** Newest first. */
  async listSessions(limit: number): Promise<SessionIndexEntry[]> {
    const entries = await this.ctx.storage.list<SessionIndexEntry>({ prefix: SESSION_PREFIX });
    return [...entries.values()].sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** Create or replace; `false` when the key already has `maxTemplates` others. */
  async putTemplate(name: string, template: string, variables: string[], maxTemplates: number): Promise<StoredTemplate | false> {
    const key = `${TEMPLATE_PREFIX}${name}`;
    const existing = await this.ctx.storage.get<StoredTemplate>(key);
    if (!existing) {
      const count = (await this.ctx.storage.list({ prefix: TEMPLATE_PREFIX })).size;
      if (count >= maxTemplates) return false;
    }
    const now = Date.now();
    const stored: StoredTemplate = { name, template, variables, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await this.ctx.storage.put(key, stored);
    return stored;
  }

  async getTemplate(name: string): Promise<StoredTemplate | null> {
    return (await this.ctx.storage.get<StoredTemplate>(`${TEMPLATE_PREFIX}${name}`)) ?? null;
  }

  async deleteTemplate(name: string): Promise<boolean> {
    return this.ctx.storage.delete(`${TEMPLATE_PREFIX}${name}`);
  }

  async listTemplates(): Promise<StoredTemplate[]> {
    return [...(await this.ctx.storage.list<StoredTemplate>({ prefix: TEMPLATE_PREFIX })).values()];
  }
}
