/**
 * Archive object bytes: JSON → gzip (CompressionStream) → optionally AES-256-GCM.
 *
 * The encryption key is derived with HKDF-SHA-256 from the `SWITCHBOARD_ARCHIVE_KEY` secret
 * (any high-entropy string, e.g. `openssl rand -base64 32`), so rotating the secret is a
 * matter of setting a new one (older objects then need the old secret). An encrypted object is
 * `iv (12 bytes) ‖ ciphertext+tag`, with the object's path as additional authenticated data:
 * a ciphertext moved to another path (another key's folder) no longer decrypts.
 */

const IV_BYTES = 12;
const HKDF_SALT = new TextEncoder().encode('switchboard-archive');
const HKDF_INFO = new TextEncoder().encode('archive-aes-256-gcm-v1');

export const ENCRYPTION_ALGORITHM = 'aes-256-gcm';

async function pipeBytes(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function gzip(text: string): Promise<Uint8Array> {
  return pipeBytes(new TextEncoder().encode(text), new CompressionStream('gzip'));
}

export async function gunzip(bytes: Uint8Array): Promise<string> {
  return new TextDecoder().decode(await pipeBytes(bytes, new DecompressionStream('gzip')));
}

const keys = new Map<string, Promise<CryptoKey>>();

export function archiveKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey'])
      .then((material) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
    keys.set(secret, key);
  }
  return key;
}

export async function encrypt(plain: Uint8Array, key: CryptoKey, path: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const additionalData = new TextEncoder().encode(path);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain));
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return out;
}

/** Throws when the key is wrong or the bytes were altered or moved. */
export async function decrypt(sealed: Uint8Array, key: CryptoKey, path: string): Promise<Uint8Array> {
  const iv = sealed.subarray(0, IV_BYTES);
  const additionalData = new TextEncoder().encode(path);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, sealed.subarray(IV_BYTES)));
}
