/**
 * Bounded recording for the archive: a shared byte budget per request (the capture cap) and
 * a log of stream chunks with sequence numbers and timestamps. Once the budget is spent, later
 * chunks are only counted (`count`, `bytes`, `lastAt`) and the capture is marked truncated, so
 * memory stays flat however long a stream runs.
 */

/** Per-request capture cap: raw bodies and chunks beyond this are counted, not kept. */
export const ARCHIVE_CAPTURE_LIMIT_BYTES = 1024 * 1024;
/** Bookkeeping charged per recorded chunk, so millions of tiny chunks also hit the cap. */
const CHUNK_OVERHEAD_BYTES = 48;

export interface CapturedText {
  /** Length of the whole text in characters, kept or not. */
  chars: number;
  /** The text (a prefix of it when truncated); absent when content is redacted. */
  text?: string;
  truncated?: true;
}

export interface CapturedChunk {
  seq: number;
  /** ms since epoch when the chunk was read. */
  at: number;
  bytes: number;
  /** The chunk as UTF-8 text; absent when redacted or past the capture cap. */
  data?: string;
}

/** A chunk as held while the request runs: its bytes are only decoded when the archive is written. */
interface HeldChunk {
  seq: number;
  at: number;
  bytes: number;
  raw?: Uint8Array;
}

export class CaptureBudget {
  #remaining: number;
  truncated = false;

  constructor(
    readonly keepContent: boolean,
    limit = ARCHIVE_CAPTURE_LIMIT_BYTES,
  ) {
    this.#remaining = limit;
  }

  /** Charge `cost`; false (and truncated) when it does not fit. */
  take(cost: number): boolean {
    if (cost > this.#remaining) {
      this.#remaining = 0;
      this.truncated = true;
      return false;
    }
    this.#remaining -= cost;
    return true;
  }

  text(value: string): CapturedText {
    if (!this.keepContent) return { chars: value.length };
    if (this.take(value.length)) return { chars: value.length, text: value };
    return { chars: value.length, text: '', truncated: true };
  }
}

export class ChunkLog {
  readonly #held: HeldChunk[] = [];
  bytes = 0;
  count = 0;
  firstAt: number | undefined;
  lastAt: number | undefined;
  #keeping = true;

  constructor(private readonly budget: CaptureBudget) {}

  add(bytes: Uint8Array, at: number): void {
    const seq = this.count++;
    this.bytes += bytes.byteLength;
    this.firstAt ??= at;
    this.lastAt = at;
    if (!this.#keeping) return;
    const keepData = this.budget.keepContent;
    if (!this.budget.take(CHUNK_OVERHEAD_BYTES + (keepData ? bytes.byteLength : 0))) {
      this.#keeping = false;
      return;
    }
    // A copy (one memcpy) rather than decoding on the stream path: the consumer owns the original.
    this.#held.push(keepData ? { seq, at, bytes: bytes.byteLength, raw: bytes.slice() } : { seq, at, bytes: bytes.byteLength });
  }

  /** The recorded chunks, decoded as one UTF-8 stream (a character split across chunks stays whole). */
  get chunks(): CapturedChunk[] {
    const decoder = new TextDecoder();
    return this.#held.map(({ seq, at, bytes, raw }) =>
      raw ? { seq, at, bytes, data: decoder.decode(raw, { stream: true }) } : { seq, at, bytes },
    );
  }
}
