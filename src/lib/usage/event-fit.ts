/**
 * Making an event storable instead of dropping it: the consumer passes any event that fails
 * the schema through `fitUsageEvent` once. Oversized text fields are shortened so they keep
 * what a reader needs: ids (which must stay distinct for dedupe and per-key sharding) are
 * replaced by a prefix and a hash of the whole; names (model, provider, error code, tags) are
 * truncated with a hash suffix so two long names stay apart in the ledger. Numbers and the
 * event's shape are never invented: an event still invalid after this goes to the dead-letter
 * queue, where it is counted.
 */
import { MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, MAX_TAGS } from './event-limits';

/** Field limits of `usageEventSchema`. */
const LIMITS = { requestId: 64, keyId: 128, provider: 128, model: 256, endpoint: 32, errorCode: 128 } as const;

/** FNV-1a 64-bit, hex: a stable short fingerprint (not a secret), synchronous in any runtime. */
export function fingerprint(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** `text` cut to `max` characters, ending in `~<fingerprint of the whole>` when it was longer. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const suffix = `~${fingerprint(text)}`;
  return text.slice(0, Math.max(0, max - suffix.length)) + suffix;
}

function fitTags(tags: unknown): unknown {
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return tags;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tags).slice(0, MAX_TAGS)) {
    out[fitText(key, MAX_TAG_KEY_CHARS)] = typeof value === 'string' ? fitText(value, MAX_TAG_VALUE_CHARS) : value;
  }
  return out;
}

/** A copy of `body` with every over-long text field fitted; anything else is left as it was. */
export function fitUsageEvent(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const event: Record<string, unknown> = { ...body };
  for (const [field, max] of Object.entries(LIMITS)) {
    const value = event[field];
    if (typeof value === 'string') event[field] = fitText(value, max);
  }
  if ('tags' in event) event.tags = fitTags(event.tags);
  return event;
}
