/** Feed recorded SSE to a provider decoder in arbitrary chunkings and collect canonical events. */
import type { ChatStreamEvent } from '../../src/lib/canonical';
import { decodeProviderStream, type StreamOutcome } from '../../src/lib/streams/stream-pipeline';
import type { StreamDecoder } from '../../src/providers/types';

export function byteStream(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[next++];
      if (part === undefined) controller.close();
      else controller.enqueue(part);
    },
  });
}

/** Split `bytes` at the given offsets. */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    parts.push(bytes.subarray(start, offset));
    start = offset;
  }
  return parts;
}

/** Comparable form of an event (errors by kind and message, not identity). */
export function plain(event: ChatStreamEvent): unknown {
  if (event.type === 'error') return { type: 'error', kind: event.error.kind, message: event.error.message };
  return event;
}

export async function collect(parts: Uint8Array[], decoder: StreamDecoder): Promise<{ events: unknown[]; outcome: StreamOutcome }> {
  const { events, outcome } = decodeProviderStream(byteStream(parts), decoder, { provider: 'test', now: () => 0 });
  const out: unknown[] = [];
  const reader = events.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const event of value) out.push(plain(event));
  }
  return { events: out, outcome: await outcome };
}

const MAX_SPLITS = 400;

/** Offsets worth splitting at: all of them for small inputs; near every event/line boundary and
 * inside every multi-byte UTF-8 character for large ones (keeps the suite well under a minute). */
export function splitOffsets(bytes: Uint8Array): number[] {
  if (bytes.length <= 4096) return Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
  const offsets = new Set<number>();
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    const nearBoundary = byte === 0x0a || byte === 0x0d || byte === 0x3a; // LF, CR, ':' (field separator)
    if (nearBoundary) for (let d = -2; d <= 2; d++) offsets.add(i + d);
    if (byte >= 0x80) offsets.add(i); // inside a multi-byte character
  }
  const sorted = [...offsets].filter((offset) => offset > 0 && offset < bytes.length).sort((a, b) => a - b);
  // Very long recordings: an even sample of those offsets, so each stays O(n) per test.
  const stride = Math.ceil(sorted.length / MAX_SPLITS);
  return stride <= 1 ? sorted : sorted.filter((_, i) => i % stride === 0);
}

/** Byte-by-byte, then every two-way split from `splitOffsets`. */
export function* adversarialChunkings(bytes: Uint8Array): Generator<{ name: string; parts: Uint8Array[] }> {
  yield { name: 'byte-by-byte', parts: Array.from(bytes, (byte) => new Uint8Array([byte])) };
  for (const offset of splitOffsets(bytes)) yield { name: `split@${offset}`, parts: splitAt(bytes, [offset]) };
}

/** The same stream re-framed the ways real servers and proxies frame it. */
export function framingVariants(sse: string): Record<string, string> {
  return {
    crlf: sse.replace(/\r?\n/g, '\r\n'),
    'comment lines': `: ping\n\n${sse.replace(/\n\n/g, '\n\n: keep-alive\n\n')}`,
    'no trailing blank line': sse.replace(/\s+$/, ''),
  };
}
