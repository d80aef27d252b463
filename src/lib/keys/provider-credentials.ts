/**
 * "Bring your own key": provider credentials stored per gateway key or per tenant, sealed
 * with AES-256-GCM (envelope.ts) in the KEYS namespace. They are read only to build the
 * upstream request: never returned by an endpoint, never logged, never archived.
 * A key's own credential wins over its tenant's, which wins over the gateway's.
 * This module reads them (the request path); credential-admin.ts stores, lists and re-seals them.
 */
import { type Envelope, open } from './envelope';
import type { GatewayKey } from './gateway-key';

/** `byok:<scope>:<scope id>:<provider>` → StoredCredential JSON (docs/storage-schema.md). */
export const CredentialPrefix = 'byok:';

export type CredentialScope = { kind: 'key' | 'tenant'; id: string };

export interface StoredCredential {
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

export const scopePrefix = (scope: CredentialScope) => `${CredentialPrefix}${scope.kind}:${scope.id}:`;
export const slotName = (scope: CredentialScope, provider: string) => `${scopePrefix(scope)}${provider}`;

/** After a write: this isolate's lookups of `slot` (every slot when omitted) are read again. */
export function forgetLookups(slot?: string): void {
  if (slot === undefined) lookupCache.clear();
  else lookupCache.delete(slot);
}

async function readSlot(env: Env, slot: string, now: number): Promise<StoredCredential | null> {
  const cached = lookupCache.get(slot);
  if (cached && cached.until > now) return cached.value;
  const value = await env.KEYS.get<StoredCredential>(slot, 'json');
  lookupCache.set(slot, { value, until: now + LOOKUP_CACHE_MS });
  return value;
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
