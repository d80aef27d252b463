/**
 * The life of a gateway key created through the admin API: create (secret shown once),
 * update its policy, rotate (the old secret works for a grace period), revoke (refused from
 * the next request). Each change reaches the key's KeyLimiter first, the authority, then KV.
 */

import { getConfig } from '../config';
import { GatewayError, notFound } from '../http/errors';
import { limiterFor } from '../limits/limiter-client';
import { assertKeyReferences } from './admin-references';
import { sha256Hex } from './crypto';
import { type CreateKeyInput, DEFAULT_GRACE_SECONDS, type UpdateKeyInput } from './key-schemas';
import { getStoredKey, type StoredKey } from './key-store';
import { indexSecret, KV_MIN_TTL_SECONDS, newKeyId, newSecret, saveKey, secretHint, unindexSecret } from './key-store-writes';

/** What the admin API shows of a key: everything but the hashes of its secrets. */
export function keyView(key: StoredKey) {
  const { credentialHashes: _hashes, ...view } = key;
  return { ...view, status: key.revokedAt ? ('revoked' as const) : ('active' as const) };
}

async function requireKey(env: Env, keyId: string): Promise<StoredKey> {
  const key = await getStoredKey(env, keyId);
  if (!key) throw notFound(`No gateway key '${keyId}'.`, 'key_not_found');
  return key;
}

const revokedConflict = (keyId: string) =>
  new GatewayError('invalid_request', `Gateway key '${keyId}' is revoked; create a new key instead.`, { status: 409, code: 'key_revoked' });

export async function createKey(env: Env, input: CreateKeyInput) {
  assertKeyReferences(getConfig(env), input);
  const secret = newSecret();
  const credentialHash = await sha256Hex(secret);
  const now = new Date().toISOString();
  const key: StoredKey = {
    ...input,
    id: newKeyId(),
    source: 'admin',
    createdAt: now,
    updatedAt: now,
    hint: secretHint(secret),
    credentialHashes: [credentialHash],
  };
  await limiterFor(env, key.id).setup(credentialHash, key.limits ?? {});
  await saveKey(env, key);
  await indexSecret(env, credentialHash, key.id);
  return { ...keyView(key), key: secret };
}

export async function updateKey(env: Env, keyId: string, patch: UpdateKeyInput) {
  assertKeyReferences(getConfig(env), patch);
  const key = await requireKey(env, keyId);
  if (key.revokedAt) throw revokedConflict(keyId);
  const updated: StoredKey = { ...key, updatedAt: new Date().toISOString() };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete (updated as unknown as Record<string, unknown>)[field];
    else (updated as unknown as Record<string, unknown>)[field] = value;
  }
  if ('limits' in patch) await limiterFor(env, keyId).setLimits(updated.limits ?? {});
  await saveKey(env, updated);
  return keyView(updated);
}

export async function rotateKey(env: Env, keyId: string, graceSeconds = DEFAULT_GRACE_SECONDS) {
  const key = await requireKey(env, keyId);
  if (key.revokedAt) throw revokedConflict(keyId);
  const secret = newSecret();
  const credentialHash = await sha256Hex(secret);
  const previousExpiresAt = await limiterFor(env, keyId).rotate(credentialHash, graceSeconds * 1000);
  const now = new Date().toISOString();
  const updated: StoredKey = {
    ...key,
    updatedAt: now,
    rotatedAt: now,
    hint: secretHint(secret),
    credentialHashes: [...key.credentialHashes, credentialHash],
  };
  await saveKey(env, updated);
  await indexSecret(env, credentialHash, keyId);
  // The old index entries only need to outlive the grace period; the limiter refuses them after it.
  const ttl = Math.max(KV_MIN_TTL_SECONDS, graceSeconds + KV_MIN_TTL_SECONDS);
  for (const hash of key.credentialHashes) await indexSecret(env, hash, keyId, ttl);
  return { ...keyView(updated), key: secret, previousKeyExpiresAt: new Date(previousExpiresAt).toISOString() };
}

export async function revokeKey(env: Env, keyId: string) {
  const key = await requireKey(env, keyId);
  if (key.revokedAt) return keyView(key);
  await limiterFor(env, keyId).revoke();
  const now = new Date().toISOString();
  const updated: StoredKey = { ...key, updatedAt: now, revokedAt: now };
  await saveKey(env, updated);
  for (const hash of key.credentialHashes) await unindexSecret(env, hash);
  return keyView(updated);
}
