/**
 * The operator's side of BYOK credentials (routes/admin-credentials.ts): store one sealed under
 * the current master key, delete, list (metadata only), re-seal all after a master key rotation.
 * The request path only reads them (provider-credentials.ts); a write here forgets that isolate's
 * cached lookups of the slot.
 */
import { getConfig } from '../config';
import { assertKnownProvider } from './admin-references';
import { open } from './envelope';
import { currentMasterKeyId, seal } from './envelope-seal';
import {
  type CredentialInfo,
  CredentialPrefix,
  type CredentialScope,
  forgetLookups,
  type StoredCredential,
  scopePrefix,
  slotName,
} from './provider-credentials';

export async function putCredential(env: Env, scope: CredentialScope, provider: string, secret: string): Promise<CredentialInfo> {
  assertKnownProvider(getConfig(env), provider);
  const slot = slotName(scope, provider);
  const stored: StoredCredential = { envelope: await seal(env, secret, slot), updatedAt: new Date().toISOString() };
  await env.KEYS.put(slot, JSON.stringify(stored));
  forgetLookups(slot);
  return { provider, masterKeyId: stored.envelope.kid, updatedAt: stored.updatedAt };
}

export async function deleteCredential(env: Env, scope: CredentialScope, provider: string): Promise<boolean> {
  const slot = slotName(scope, provider);
  const existed = (await env.KEYS.get(slot)) !== null;
  await env.KEYS.delete(slot);
  forgetLookups(slot);
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
  forgetLookups();
  return { total, rewrapped };
}
