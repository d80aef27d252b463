/**
 * Secrets at rest: AES-256-GCM (WebCrypto) under a master key from the environment.
 *
 * `SWITCHBOARD_MASTER_KEY` is 32 random bytes, base64 (`openssl rand -base64 32`); it seals
 * everything new. `SWITCHBOARD_MASTER_KEY_PREVIOUS` (comma-separated, optional) holds older
 * master keys that may still open envelopes during a rotation, until
 * `POST /admin/credentials/rewrap` has re-sealed them all under the current key.
 * Each envelope names its master key by id (a fingerprint, not the key) and is bound to the
 * slot it is stored in by additional authenticated data, so it cannot be moved to another.
 * This module opens envelopes (the request path, for BYOK credentials); envelope-seal.ts seals
 * them (the admin API).
 */

import { GatewayError } from '../http/errors';
import { fromBase64, sha256, toHex } from './crypto';

export interface Envelope {
  v: 1;
  /** Master key id: `mk_` + the first 12 hex digits of SHA-256 of the key bytes. */
  kid: string;
  /** 96-bit nonce, base64url; fresh for every seal. */
  iv: string;
  /** Ciphertext with the 128-bit GCM tag, base64url. */
  data: string;
}

export interface MasterKey {
  id: string;
  key: CryptoKey;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const imported = new Map<string, Promise<MasterKey>>();

const misconfigured = (message: string) =>
  new GatewayError('internal', `Gateway misconfigured: ${message}`, { code: 'gateway_misconfigured' });

function importMasterKey(text: string, variable: string): Promise<MasterKey> {
  let key = imported.get(text);
  if (!key) {
    const bytes = fromBase64(text);
    if (bytes?.byteLength !== 32) throw misconfigured(`${variable} must be 32 random bytes, base64-encoded.`);
    key = (async () => ({
      id: `mk_${toHex(await sha256(text.trim())).slice(0, 12)}`,
      key: await crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']),
    }))();
    imported.set(text, key);
  }
  return key;
}

export async function currentMasterKey(env: Env): Promise<MasterKey> {
  const text = env.SWITCHBOARD_MASTER_KEY?.trim();
  if (!text) throw misconfigured('SWITCHBOARD_MASTER_KEY is not set, so provider credentials cannot be stored.');
  return importMasterKey(text, 'SWITCHBOARD_MASTER_KEY');
}

async function masterKeyById(env: Env, id: string): Promise<MasterKey | undefined> {
  const current = await currentMasterKey(env);
  if (current.id === id) return current;
  const previous = (env.SWITCHBOARD_MASTER_KEY_PREVIOUS ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean);
  for (const text of previous) {
    const candidate = await importMasterKey(text, 'SWITCHBOARD_MASTER_KEY_PREVIOUS');
    if (candidate.id === id) return candidate;
  }
  return undefined;
}

/** Decrypt an envelope sealed for `context`; throws when its master key is gone or it was tampered with. */
export async function open(env: Env, envelope: Envelope, context: string): Promise<string> {
  const master = await masterKeyById(env, envelope.kid);
  if (!master) throw misconfigured(`a stored credential was sealed under master key ${envelope.kid}, which is no longer configured.`);
  const iv = fromBase64(envelope.iv);
  const data = fromBase64(envelope.data);
  if (!iv || !data) throw misconfigured('a stored credential envelope is corrupt.');
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, master.key, data);
    return decoder.decode(plain);
  } catch (cause) {
    throw new GatewayError('internal', 'Gateway misconfigured: a stored credential could not be decrypted.', {
      code: 'gateway_misconfigured',
      cause,
    });
  }
}
