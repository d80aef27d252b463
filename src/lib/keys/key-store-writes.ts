/**
 * The admin API's side of the key store (key-store.ts reads): new secrets and ids, key records
 * and secret index entries written to KEYS, listing. Each write forgets this isolate's cached
 * lookups; other isolates see it within key-store.ts's cache time, and the KeyLimiter decides
 * revocation and rotation at once.
 */
import { randomBytes, toBase64Url, toHex } from './crypto';
import { forgetCachedKeys, type HashEntry, KeysPrefix, type StoredKey } from './key-store';

/** KV refuses expirations shorter than 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;

/** `sb-` + 32 random bytes, base64url: 256 bits, shown once and never stored. */
export function newSecret(): string {
  return `sb-${toBase64Url(randomBytes(32))}`;
}

export function newKeyId(): string {
  return `key_${toHex(randomBytes(8))}`;
}

export function secretHint(secret: string): string {
  return `${secret.slice(0, 9)}…`;
}

export async function saveKey(env: Env, key: StoredKey): Promise<void> {
  await env.KEYS.put(KeysPrefix.record + key.id, JSON.stringify(key));
  forgetCachedKeys();
}

export async function indexSecret(env: Env, credentialHash: string, keyId: string, expirationTtl?: number): Promise<void> {
  const value = JSON.stringify({ keyId } satisfies HashEntry);
  await env.KEYS.put(KeysPrefix.hash + credentialHash, value, expirationTtl ? { expirationTtl } : undefined);
  forgetCachedKeys();
}

export async function unindexSecret(env: Env, credentialHash: string): Promise<void> {
  await env.KEYS.delete(KeysPrefix.hash + credentialHash);
  forgetCachedKeys();
}

export async function listStoredKeys(env: Env, options: { limit: number; cursor?: string | undefined }) {
  const page = await env.KEYS.list({ prefix: KeysPrefix.record, limit: options.limit, cursor: options.cursor });
  const keys = await Promise.all(page.keys.map((entry) => env.KEYS.get<StoredKey>(entry.name, 'json')));
  return {
    keys: keys.filter((key): key is StoredKey => key !== null),
    cursor: page.list_complete ? null : page.cursor,
  };
}
