/** Embedding vectors as OpenAI's `encoding_format: "base64"`: little-endian float32, base64. */

/** btoa takes a binary string; build it in slices so a long vector never overflows the call stack. */
const SLICE = 0x8000;

export function encodeBase64Floats(values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((value, i) => {
    view.setFloat32(i * 4, value, true);
  });
  const bytes = new Uint8Array(view.buffer);
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  return btoa(binary);
}

export function decodeBase64Floats(text: string): number[] {
  const binary = atob(text);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  return Array.from({ length: Math.floor(binary.length / 4) }, (_, i) => view.getFloat32(i * 4, true));
}
