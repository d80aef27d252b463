/**
 * Gateway key lookup. Bootstrap keys come from the SWITCHBOARD_KEYS secret; each is known by
 * an id derived from its hash, so logs and storage never hold the key itself. Keys created
 * through the admin API live in KV by hash (key-store.ts); their KeyLimiter decides whether
 * a found key is still valid (revoked, rotated past its grace period).
 */
import { digestsEqual, sha256, toHex } from './crypto';
import type { GatewayKey } from './gateway-key';
import { findStoredKey } from './key-store';

interface BootstrapKey {
  digest: Uint8Array;
  key: GatewayKey;
}

const bootstrapCache = new Map<string, Promise<BootstrapKey[]>>();

export function keyIdFromDigest(digest: Uint8Array): string {
  return `key_${toHex(digest).slice(0, 16)}`;
}

function bootstrapKeys(secret: string | undefined): Promise<BootstrapKey[]> {
  const source = secret ?? '';
  let keys = bootstrapCache.get(source);
  if (!keys) {
    const list = source
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    keys = Promise.all(
      list.map(async (value, position) => {
        const digest = await sha256(value);
        return { digest, key: { id: keyIdFromDigest(digest), name: `bootstrap-${position + 1}`, source: 'bootstrap' as const } };
      }),
    );
    bootstrapCache.set(source, keys);
  }
  return keys;
}

export interface FoundKey {
  key: GatewayKey;
  /** SHA-256 hex of the presented secret: what the key's KeyLimiter checks. */
  credentialHash: string;
}

/** The key record for a presented secret, or undefined. Compares every bootstrap candidate in constant time. */
export async function lookupKey(env: Env, presented: string): Promise<FoundKey | undefined> {
  const digest = await sha256(presented);
  const credentialHash = toHex(digest);
  let found: GatewayKey | undefined;
  for (const candidate of await bootstrapKeys(env.SWITCHBOARD_KEYS)) {
    if (digestsEqual(digest, candidate.digest)) found = candidate.key;
  }
  found ??= await findStoredKey(env, credentialHash);
  return found ? { key: found, credentialHash } : undefined;
}

/** The bearer or x-api-key credential of a request (what the OpenAI and Anthropic SDKs send). */
export function presentedKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1]) return match[1].trim();
  }
  return headers.get('x-api-key')?.trim() || undefined;
}
