/**
 * What is in the cache, by KV prefix: counting a scope's entries and bytes, and deleting by
 * scope, by model, or everything. Both are bounded per call (a Worker invocation has a
 * subrequest budget); a caller told `truncated: true` calls again.
 */
import { CACHE_PREFIX, modelPrefix, scopePrefix } from './key';
import type { CacheEntryMetadata } from './store';

/** KV returns at most 1000 keys per list page. */
const KV_LIST_PAGE = 1000;
/** Entries deleted per admin call: KV deletes are one key per subrequest. */
export const MAX_DELETES_PER_CALL = 900;
/** Pages read to count a scope's entries for statistics. */
const MAX_STATS_PAGES = 10;

export interface Inventory {
  entries: number;
  bytes: number;
  truncated: boolean;
}

export async function inventory(kv: KVNamespace, scope: string, now = Date.now()): Promise<Inventory> {
  const result: Inventory = { entries: 0, bytes: 0, truncated: false };
  let cursor: string | undefined;
  for (let page = 0; page < MAX_STATS_PAGES; page++) {
    const listed = await kv.list<CacheEntryMetadata>({ prefix: scopePrefix(scope), limit: KV_LIST_PAGE, cursor });
    for (const key of listed.keys) {
      if (key.metadata && key.metadata.expiresAt <= now) continue;
      result.entries += 1;
      result.bytes += key.metadata?.bytes ?? 0;
    }
    if (listed.list_complete) return result;
    cursor = listed.cursor;
  }
  result.truncated = true;
  return result;
}

export type DeleteSelector = { scope: string; model?: string } | { model: string } | { all: true };

/** The model segment of a full entry name (`cache:v1:<scope>:<model>:<hash>`). */
function modelOf(name: string): string | undefined {
  const segment = name.slice(CACHE_PREFIX.length).split(':')[1];
  return segment === undefined ? undefined : decodeURIComponent(segment);
}

export async function deleteEntries(kv: KVNamespace, selector: DeleteSelector): Promise<{ deleted: number; truncated: boolean }> {
  let prefix: string = CACHE_PREFIX;
  if ('scope' in selector) prefix = selector.model ? modelPrefix(selector.scope, selector.model) : scopePrefix(selector.scope);
  const onlyModel = !('scope' in selector) && 'model' in selector ? selector.model : undefined;
  let deleted = 0;
  let cursor: string | undefined;
  for (;;) {
    const listed = await kv.list({ prefix, limit: KV_LIST_PAGE, cursor });
    const names = listed.keys.map((key) => key.name).filter((name) => onlyModel === undefined || modelOf(name) === onlyModel);
    for (const name of names) {
      if (deleted >= MAX_DELETES_PER_CALL) return { deleted, truncated: true };
      await kv.delete(name);
      deleted += 1;
    }
    if (listed.list_complete) return { deleted, truncated: false };
    cursor = listed.cursor;
  }
}
