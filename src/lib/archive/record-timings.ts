/**
 * The archived timings of one request, in order: received ≤ first byte ≤ last byte ≤ ended.
 *
 * The times come from two clock readings taken at different places: the pipeline's (when the
 * answer was ready, when the upstream stream settled) and the client tap's (when each chunk
 * actually went to the caller, which is later, for cache hits replayed as a stream too). The
 * caller-side times are preferred, and `endedAt` is never earlier than any byte sent, so a log
 * panel never shows a first byte after the end.
 */
export interface RecordTimings {
  receivedAt: number;
  firstByteAt: number | null;
  lastByteAt: number | null;
  endedAt: number | null;
}

export function recordTimings(
  receivedAt: number,
  pipeline: { firstByteAt?: number | undefined; endedAt?: number | undefined },
  client: { firstChunkAt: number | null; lastChunkAt: number | null } | undefined,
): RecordTimings {
  const firstByteAt = atLeast(receivedAt, client?.firstChunkAt ?? pipeline.firstByteAt ?? null);
  const lastByteAt = atLeast(firstByteAt ?? receivedAt, client?.lastChunkAt ?? pipeline.endedAt ?? null);
  const endedAt = atLeast(lastByteAt ?? firstByteAt ?? receivedAt, pipeline.endedAt ?? lastByteAt);
  return { receivedAt, firstByteAt, lastByteAt, endedAt };
}

const atLeast = (floor: number, at: number | null): number | null => (at === null ? null : Math.max(floor, at));
