/**
 * Sealing secrets into envelopes (envelope.ts: the format, the master keys, opening), for the
 * admin API that stores BYOK credentials and re-seals them after a master key rotation.
 */
import { randomBytes, toBase64Url } from './crypto';
import { currentMasterKey, type Envelope } from './envelope';

const encoder = new TextEncoder();

export async function currentMasterKeyId(env: Env): Promise<string> {
  return (await currentMasterKey(env)).id;
}

/** Encrypt `plaintext` for the slot named `context` under the current master key. */
export async function seal(env: Env, plaintext: string, context: string): Promise<Envelope> {
  const master = await currentMasterKey(env);
  const iv = randomBytes(12);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    master.key,
    encoder.encode(plaintext),
  );
  return { v: 1, kid: master.id, iv: toBase64Url(iv), data: toBase64Url(new Uint8Array(data)) };
}
