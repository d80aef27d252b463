/** A key's cache counters, as the CacheStats Durable Object keeps them and the cache steps report them. */

export interface CacheCounters {
  hits: number;
  misses: number;
  bypasses: number;
  /** Entries written (fills). */
  fills: number;
  /** Bytes of entries written to KV. */
  bytesWritten: number;
  /** Bytes of entries read to answer hits. */
  bytesServed: number;
  since: number;
}

export type CacheCounterDelta = Partial<Omit<CacheCounters, 'since'>>;
