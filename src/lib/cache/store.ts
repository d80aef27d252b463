/**
 * Cache entries in KV. An entry is one whole JSON value written by one `put` per fill, carrying
 * its format version, its own hash and scope, and an explicit expiry; a read checks all of them,
 * so a concurrent fill of the same key (last write wins, both whole), an entry from an older
 * format, or one past its expiry (KV deletes lazily, and never before 60 s) is a miss, never a
 * wrong answer.
 */
import type { ChatResult } from '../canonical';
import * as z from '../zod';
import { CACHE_FORMAT_VERSION, type CacheKey } from './key';
import { KV_MIN_TTL_SECONDS } from './policy';

/** KV's largest value is 25 MiB; a bigger answer is served but not cached. */
export const KV_MAX_VALUE_BYTES = 25 * 1024 * 1024;

export interface CacheEntryMetadata {
  expiresAt: number;
  bytes: number;
}

const entrySchema = z.object({
  version: z.literal(CACHE_FORMAT_VERSION),
  hash: z.string(),
  scope: z.string(),
  model: z.string(),
  /** The target that produced the answer, reported again on hits. */
  served: z.object({ provider: z.string(), model: z.string() }),
  createdAt: z.number(),
  expiresAt: z.number(),
  result: z.looseObject({
    id: z.string(),
    model: z.string(),
    created: z.number(),
    choices: z.array(z.looseObject({ index: z.number(), message: z.looseObject({}) })).check(z.minLength(1)),
  }),
  /** The provider's own response body, when the same-dialect lane produced the answer. */
  forwarded: z.optional(z.object({ dialect: z.string(), body: z.string() })),
});

export interface ServedBy {
  provider: string;
  model: string;
}

/** A non-stream answer's body as the provider sent it, in its wire dialect (same-dialect lane). */
export interface ForwardedBody {
  dialect: string;
  body: string;
}

export interface CachedAnswer {
  result: ChatResult;
  served: ServedBy;
  bytes: number;
  forwarded?: ForwardedBody;
}

export async function readEntry(kv: KVNamespace, key: CacheKey, now: number): Promise<CachedAnswer | undefined> {
  const text = await kv.get(key.name, 'text');
  if (text === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const entry = parsed.data;
  if (entry.hash !== key.hash || entry.scope !== key.scope || entry.expiresAt <= now) return undefined;
  const answer: CachedAnswer = {
    result: entry.result as unknown as ChatResult,
    served: entry.served,
    bytes: new TextEncoder().encode(text).byteLength,
  };
  if (entry.forwarded) answer.forwarded = entry.forwarded;
  return answer;
}

/** Store an answer; returns the bytes written, or 0 when it is too large for KV. */
export async function writeEntry(
  kv: KVNamespace,
  key: CacheKey,
  answer: { result: ChatResult; served: ServedBy; forwarded?: ForwardedBody | undefined },
  ttlSeconds: number,
  now: number,
): Promise<number> {
  const expiresAt = now + ttlSeconds * 1000;
  const { result, served, forwarded } = answer;
  const entry = {
    version: CACHE_FORMAT_VERSION,
    hash: key.hash,
    scope: key.scope,
    model: key.model,
    served,
    createdAt: now,
    expiresAt,
    result,
    ...(forwarded ? { forwarded } : {}),
  };
  const text = JSON.stringify(entry);
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > KV_MAX_VALUE_BYTES) return 0;
  const metadata: CacheEntryMetadata = { expiresAt, bytes };
  await kv.put(key.name, text, { expirationTtl: Math.max(ttlSeconds, KV_MIN_TTL_SECONDS), metadata });
  return bytes;
}
