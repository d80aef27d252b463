/** The usage event's limits and version (event.ts builds events, event-schema.ts validates them). */

/** Cloudflare Queues refuse messages over 128 KB. */
export const QUEUE_MESSAGE_LIMIT_BYTES = 128 * 1024;
/** Caller tags are capped like OpenAI's `metadata` (16 pairs, 64-char keys, 512-char values), keeping an event a few KB at most. */
export const MAX_TAGS = 16;
export const MAX_TAG_KEY_CHARS = 64;
export const MAX_TAG_VALUE_CHARS = 512;
export const USAGE_EVENT_VERSION = 1;
