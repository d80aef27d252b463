/**
 * Gateway keys created through the admin API, in the KEYS KV namespace. A secret is never
 * stored: only its SHA-256 (hex) indexes the key record. KV is eventually consistent and
 * lookups are cached in the isolate briefly, so revocation and rotation are *not* decided
 * here: the key's KeyLimiter Durable Object is the authority and is asked on every request.
 */
import { randomBytes, toBase64Url, toHex } from './crypto';
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
/** KV refuses expirations shorter than 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;

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

interface HashEntry {
  keyId: string;
}

const lookupCache = new Map<string, { key: StoredKey | undefined; until: number }>();

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
