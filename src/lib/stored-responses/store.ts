/**
 * The stored-responses client: one ResponseStore Durable Object per (key, response id), so
 * another key asking for an id reaches an empty object and gets a 404, and retention is each
 * object's own alarm. Retention is `SWITCHBOARD_RESPONSES_RETENTION_SECONDS` (default 30 days).
 */
import { DEFAULT_RETENTION_SECONDS, type InputItemsPage, type InputItemsQuery, type StoredResponse } from './types';

function storeObject(env: Env, keyId: string, responseId: string) {
  return env.RESPONSES.get(env.RESPONSES.idFromName(`${keyId}/${responseId}`));
}

export function retentionSeconds(env: Env): number {
  const configured = Number(env.SWITCHBOARD_RESPONSES_RETENTION_SECONDS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_RETENTION_SECONDS;
}

export async function saveResponse(env: Env, keyId: string, stored: StoredResponse, now = Date.now()): Promise<void> {
  await storeObject(env, keyId, stored.response.id).save(keyId, stored, now + retentionSeconds(env) * 1000);
}

export async function readResponse(env: Env, keyId: string, responseId: string): Promise<StoredResponse | null> {
  return storeObject(env, keyId, responseId).read(keyId);
}

export async function listInputItems(env: Env, keyId: string, responseId: string, query: InputItemsQuery): Promise<InputItemsPage | null> {
  return storeObject(env, keyId, responseId).listInput(keyId, query);
}

export async function deleteResponse(env: Env, keyId: string, responseId: string): Promise<boolean> {
  return storeObject(env, keyId, responseId).remove(keyId);
}

/**
 * Output items whose ids the provider minted (the same-dialect lane) do not name their response
 * as the gateway's own ids do (surfaces/responses/ids.ts): each gets a small alias object, so an
 * `item_reference` to it finds the stored response. Same owner and retention as the response.
 */
export async function saveItemAliases(env: Env, keyId: string, responseId: string, itemIds: string[], now = Date.now()): Promise<void> {
  const expiresAt = now + retentionSeconds(env) * 1000;
  await Promise.all(itemIds.map((itemId) => storeObject(env, keyId, itemId).saveAlias(keyId, responseId, expiresAt)));
}

export async function responseIdOfAlias(env: Env, keyId: string, itemId: string): Promise<string | null> {
  return storeObject(env, keyId, itemId).aliasOf(keyId);
}
