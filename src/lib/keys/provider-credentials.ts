/**
 * "Bring your own key": provider credentials stored per gateway key or per tenant, sealed
 * with AES-256-GCM (envelope.ts) in the KEYS namespace. They are read only to build the
 * upstream request: never returned by an endpoint, never logged, never archived.
 * A key's own credential wins over its tenant's, which wins over the gateway's.
 */
import { getConfig } from '../config';
import { assertKnownProvider } from './admin-references';
import { currentMasterKeyId, type Envelope, open, seal } from './envelope';
import type { GatewayKey } from './gateway-key';

/** `byok:<scope>:<scope id>:<provider>` → StoredCredential JSON (docs/storage-schema.md). */
export const CredentialPrefix = 'byok:';

export type CredentialScope = { kind: 'key' | 'tenant'; id: string };

interface StoredCredential {
  envelope: Envelope;
  updatedAt: string;
}

export interface CredentialInfo {
  provider: string;
  masterKeyId: string;
  updatedAt: string;
}

/** How long an isolate reuses a credential lookup (including "none"); local writes clear it. */
const LOOKUP_CACHE_MS = 30_000;
const lookupCache = new Map<string, { value: StoredCredential | null; until: number }>();

const scopePrefix = (scope: CredentialScope) => `${CredentialPrefix}${scope.kind}:${scope.id}:`;
const slotName = (scope: CredentialScope, provider: string) => `${scopePrefix(scope)}${provider}`;

async function readSlot(env: Env, slot: string, now: number): Promise<StoredCredential | null> {
  const cached = lookupCache.get(slot);
  if (cached && cached.until > now) return cached.value;
  const value = await env.KEYS.get<StoredCredential>(slot, 'json');
  lookupCache.set(slot, { value, until: now + LOOKUP_CACHE_MS });
  return value;
}

export async function putCredential(env: Env, scope: CredentialScope, provider: string, secret: string): Promise<CredentialInfo> {
  assertKnownProvider(getConfig(env), provider);
  const slot = slotName(scope, provider);
  const stored: StoredCredential = { envelope: await seal(env, secret, slot), updatedAt: new Date().toISOString() };
  await env.KEYS.put(slot, JSON.stringify(stored));
  lookupCache.delete(slot);
  return { provider, masterKeyId: stored.envelope.kid, updatedAt: stored.updatedAt };
}

export async function deleteCredential(env: Env, scope: CredentialScope, provider: string): Promise<boolean> {
  const slot = slotName(scope, provider);
  const existed = (await env.KEYS.get(slot)) !== null;
  await env.KEYS.delete(slot);
  lookupCache.delete(slot);
  return existed;
}

/** Which providers a scope holds credentials for (metadata only). */
export async function listCredentials(env: Env, scope: CredentialScope): Promise<CredentialInfo[]> {
  const prefix = scopePrefix(scope);
  const page = await env.KEYS.list({ prefix });
  const out: CredentialInfo[] = [];
  for (const entry of page.keys) {
    const stored = await env.KEYS.get<StoredCredential>(entry.name, 'json');
    if (stored) out.push({ provider: entry.name.slice(prefix.length), masterKeyId: stored.envelope.kid, updatedAt: stored.updatedAt });
  }
  return out;
}

export async function credentialIn(env: Env, scope: CredentialScope, provider: string, now = Date.now()): Promise<string | undefined> {
  const slot = slotName(scope, provider);
  const stored = await readSlot(env, slot, now);
  return stored ? open(env, stored.envelope, slot) : undefined;
}

/** The caller's own credential for `provider`: the key's, else its tenant's, else none. */
export async function callerCredential(
  env: Env,
  key: GatewayKey,
  provider: string,
): Promise<{ secret: string; scope: CredentialScope } | undefined> {
  if (key.source === 'admin') {
    const scope: CredentialScope = { kind: 'key', id: key.id };
    const secret = await credentialIn(env, scope, provider);
    if (secret) return { secret, scope };
  }
  if (key.tenant) {
    const scope: CredentialScope = { kind: 'tenant', id: key.tenant };
    const secret = await credentialIn(env, scope, provider);
    if (secret) return { secret, scope };
  }
  return undefined;
}

/** Re-seal every credential not under the current master key (after rotating it). */
export async function rewrapAll(env: Env): Promise<{ total: number; rewrapped: number }> {
  const current = await currentMasterKeyId(env);
  let total = 0;
  let rewrapped = 0;
  let cursor: string | undefined;
  do {
    const page = await env.KEYS.list({ prefix: CredentialPrefix, cursor });
    for (const entry of page.keys) {
      const stored = await env.KEYS.get<StoredCredential>(entry.name, 'json');
      if (!stored) continue;
      total++;
      if (stored.envelope.kid === current) continue;
      const secret = await open(env, stored.envelope, entry.name);
      const resealed: StoredCredential = { envelope: await seal(env, secret, entry.name), updatedAt: stored.updatedAt };
      await env.KEYS.put(entry.name, JSON.stringify(resealed));
      rewrapped++;
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  lookupCache.clear();
  return { total, rewrapped };
}

/**
 * A lookup for the router, or undefined when this key can hold no credentials (no KV reads).
 * `id` names the credential's slot (`key:<id>` or `tenant:<name>`), for per-credential breakers.
 */
export function callerCredentials(
  env: Env,
  key: GatewayKey,
): ((provider: string) => Promise<{ secret: string; id: string } | undefined>) | undefined {
  if (key.source !== 'admin' && !key.tenant) return undefined;
  return async (provider) => {
    const found = await callerCredential(env, key, provider);
    return found && { secret: found.secret, id: `${found.scope.kind}:${found.scope.id}` };
  };
}
