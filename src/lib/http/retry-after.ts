/**
 * Providers say "retry later" in five dialects (WIRE-NOTES §6). Each parser returns
 * milliseconds from now, or undefined when the value is absent or unreadable.
 */

/** `retry-after`: delta seconds (possibly fractional) or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const goDurationPart = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const goUnitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** OpenAI `x-ratelimit-reset-*`: Go durations such as `6ms`, `0s`, `1m7.5s`. */
export function parseGoDuration(value: string | null): number | undefined {
  if (!value || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value)) return undefined;
  let total = 0;
  for (const match of value.matchAll(goDurationPart)) total += Number(match[1]) * (goUnitMs[match[2] ?? 's'] ?? 0);
  return Math.round(total);
}

/** Anthropic `anthropic-ratelimit-*-reset`: RFC 3339 timestamps. */
export function parseTimestamp(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** OpenRouter `x-ratelimit-reset`: epoch milliseconds. */
export function parseEpochMs(value: string | null, now = Date.now()): number | undefined {
  if (!value || !/^\d{12,}$/.test(value)) return undefined;
  return Math.max(0, Number(value) - now);
}

/** Gemini `RetryInfo.retryDelay` in the body: `"34.4s"`. */
export function parseProtoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** The earliest hint among the standard headers any OpenAI-like host may send. */
export function retryAfterFromHeaders(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  return (
    parseRetryAfter(headers.get('retry-after'), now) ??
    parseGoDuration(headers.get('x-ratelimit-reset-requests')) ??
    parseGoDuration(headers.get('x-ratelimit-reset-tokens')) ??
    parseEpochMs(headers.get('x-ratelimit-reset'), now)
  );
}
