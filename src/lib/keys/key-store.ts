/**
 * Gateway keys created through the admin API, in the KEYS KV namespace. A secret is never
 * stored: only its SHA-256 (hex) indexes the key record. KV is eventually consistent and
 * lookups are cached in the isolate briefly, so revocation and rotation are *not* decided
 * here: the key's KeyLimiter Durable Object is the authority and is asked on every request.
 * This module reads (the request path); key-store-writes.ts creates, indexes and lists (the admin API).
 */
import type { GatewayKey } from './gateway-key';

/** KV key prefixes in the KEYS namespace (docs/storage-schema.md). */
export const KeysPrefix = {
  /** `hash:<sha256 hex of a secret>` → `{ keyId }`. */
  hash: 'hash:',
  /** `key:<key id>` → StoredKey JSON. */
  record: 'key:',
} as const;

/** How long an isolate trusts a KV lookup. Revocation does not wait for it (the object decides). */
const LOOKUP_CACHE_MS = 10_000;

export interface StoredKey extends GatewayKey {
  source: 'admin';
  createdAt: string;
  updatedAt: string;
  revokedAt?: string;
  rotatedAt?: string;
  /** First characters of the current secret, so an operator can recognise it (`sb-AbCdEf…`). */
  hint: string;
  /** SHA-256 hex of every secret issued for this key (to expire or delete their index entries). */
  credentialHashes: string[];
}

export interface HashEntry {
  keyId: string;
}

const lookupCache = new Map<string, { key: StoredKey | undefined; until: number }>();

export async function getStoredKey(env: Env, keyId: string): Promise<StoredKey | undefined> {
  return (await env.KEYS.get<StoredKey>(KeysPrefix.record + keyId, 'json')) ?? undefined;
}

/** The key a secret's hash belongs to (revoked or not: the KeyLimiter decides). */
export async function findStoredKey(env: Env, credentialHash: string, now = Date.now()): Promise<StoredKey | undefined> {
  const cached = lookupCache.get(credentialHash);
  if (cached && cached.until > now) return cached.key;
  const entry = await env.KEYS.get<HashEntry>(KeysPrefix.hash + credentialHash, 'json');
  const key = entry ? await getStoredKey(env, entry.keyId) : undefined;
  if (key) lookupCache.set(credentialHash, { key, until: now + LOOKUP_CACHE_MS });
  else lookupCache.delete(credentialHash);
  return key;
}

/** Admin writes in this isolate take effect here at once; other isolates within LOOKUP_CACHE_MS. */
export function forgetCachedKeys(): void {
  lookupCache.clear();
}
