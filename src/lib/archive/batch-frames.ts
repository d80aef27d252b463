/**
 * Records inside a batch object. Each record is one line of JSONL compressed as its own gzip
 * member (a "frame"), so the object as a whole is a valid multi-member gzip of JSONL
 * (`zcat` prints one record per line) and a single record is one ranged read at the offset
 * and length its index row gives.
 *
 * A sealed frame is `iv (12 bytes) ‖ AES-256-GCM(gzip(line))` under the archive key, with
 * `<object path>#<request id>` as additional authenticated data: a frame copied into another
 * object or claimed by another request id does not open.
 */
import { decrypt, encrypt, gunzip, gzip } from './codec';

export interface FrameSeal {
  key: CryptoKey;
  objectPath: string;
}

const additionalData = (objectPath: string, requestId: string) => `${objectPath}#${requestId}`;

/** One record's JSON text → its frame bytes. */
export async function encodeFrame(json: string, requestId: string, seal?: FrameSeal): Promise<Uint8Array> {
  const compressed = await gzip(`${json}\n`);
  return seal ? encrypt(compressed, seal.key, additionalData(seal.objectPath, requestId)) : compressed;
}

/** A frame's bytes → the record's JSON text. Throws when a sealed frame does not open. */
export async function decodeFrame(bytes: Uint8Array, requestId: string, seal?: FrameSeal): Promise<string> {
  const compressed = seal ? await decrypt(bytes, seal.key, additionalData(seal.objectPath, requestId)) : bytes;
  return (await gunzip(compressed)).trimEnd();
}

/** Concatenate frames into one object body, returning each frame's offset and length. */
export function concatFrames(frames: Uint8Array[]): { body: Uint8Array; ranges: { offset: number; length: number }[] } {
  const total = frames.reduce((sum, frame) => sum + frame.byteLength, 0);
  const body = new Uint8Array(total);
  const ranges: { offset: number; length: number }[] = [];
  let offset = 0;
  for (const frame of frames) {
    body.set(frame, offset);
    ranges.push({ offset, length: frame.byteLength });
    offset += frame.byteLength;
  }
  return { body, ranges };
}
