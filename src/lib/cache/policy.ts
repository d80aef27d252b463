/**
 * Cache policy: may this request be answered from the cache, and may its answer be stored?
 *
 * Per key: `GatewayKey.cache.mode` (`off` is final: no request on that key can turn caching on)
 * and `ttlSeconds`; keys without a policy follow `SWITCHBOARD_CONFIG.cache` (default off).
 * Per request (headers, parsed once here):
 *  - `cache-control: no-store` or `x-switchboard-cache: off|bypass` → no lookup, no fill (BYPASS);
 *  - `cache-control: no-cache` or `x-switchboard-cache: refresh` → no lookup, fill (MISS);
 *  - `x-switchboard-cache: on` → use the cache even when the key's default is off;
 *  - `x-switchboard-cache: force` → like `on`, and also for non-deterministic requests;
 *  - `x-switchboard-cache-ttl: <seconds>` → this entry's time to live.
 * Deterministic enough: `n` ≤ 1 and `temperature` absent or 0. A request that explicitly asks
 * for variety (n > 1, temperature > 0) is neither looked up nor stored unless forced.
 */
import type { ChatRequest, ChatResult } from '../canonical';
import { invalidRequest } from '../http/errors';
import type { GatewayKey } from '../keys/gateway-key';
import type { CacheStatus } from '../pipeline/request-record';

/** KV refuses an `expirationTtl` under 60 seconds: shorter TTLs are raised to this. */
export const KV_MIN_TTL_SECONDS = 60;
/** Longest TTL a request may ask for (30 days); keys and config are trusted with any. */
export const MAX_REQUEST_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_TTL_SECONDS = 3600;

export const CacheHeader = { control: 'x-switchboard-cache', ttl: 'x-switchboard-cache-ttl' } as const;

const directives = ['on', 'off', 'bypass', 'refresh', 'force'] as const;
type Directive = (typeof directives)[number] | 'default';

export interface CacheDefaults {
  mode: 'off' | 'on';
  ttlSeconds?: number;
}

export interface CachePolicy {
  lookup: boolean;
  fill: boolean;
  /** Store even though the request is not deterministic (`force`). */
  forced: boolean;
  ttlSeconds: number;
  /** Status when there is no hit: MISS when the cache is in play, BYPASS when it is not. */
  status: Exclude<CacheStatus, 'HIT'>;
  /** The cache is on for this key or request, so the outcome belongs in the key's statistics. */
  counted: boolean;
}

function readDirective(headers: Headers): Directive {
  const cacheControl = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|[\s,])no-store($|[\s,])/.test(cacheControl)) return 'off';
  const value = headers.get(CacheHeader.control)?.trim().toLowerCase();
  if (value) {
    if (!(directives as readonly string[]).includes(value)) {
      throw invalidRequest(
        `Header ${CacheHeader.control} must be one of: ${directives.join(', ')}.`,
        CacheHeader.control,
        'invalid_header',
      );
    }
    return value as Directive;
  }
  if (/(^|[\s,])no-cache($|[\s,])/.test(cacheControl)) return 'refresh';
  return 'default';
}

function readTtl(headers: Headers): number | undefined {
  const value = headers.get(CacheHeader.ttl);
  if (value === null) return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds < 1 || seconds > MAX_REQUEST_TTL_SECONDS) {
    throw invalidRequest(
      `Header ${CacheHeader.ttl} must be a whole number of seconds from 1 to ${MAX_REQUEST_TTL_SECONDS}.`,
      CacheHeader.ttl,
      'invalid_header',
    );
  }
  return seconds;
}

export function isDeterministic(request: ChatRequest): boolean {
  return (request.n ?? 1) <= 1 && (request.temperature ?? 0) === 0;
}

/** Only complete, successful answers are stored: every choice finished, none filtered. */
export function isStorable(result: ChatResult): boolean {
  return (
    result.choices.length > 0 && result.choices.every((choice) => choice.finishReason !== null && choice.finishReason !== 'content_filter')
  );
}

const bypass = (ttlSeconds: number, counted: boolean): CachePolicy => ({
  lookup: false,
  fill: false,
  forced: false,
  ttlSeconds,
  status: 'BYPASS',
  counted,
});

export function cachePolicy(key: Pick<GatewayKey, 'cache'>, defaults: CacheDefaults, headers: Headers, request: ChatRequest): CachePolicy {
  const directive = readDirective(headers);
  const ttlSeconds = readTtl(headers) ?? key.cache?.ttlSeconds ?? defaults.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (key.cache?.mode === 'off') return bypass(ttlSeconds, false);
  const keyDefaultOn = (key.cache?.mode ?? defaults.mode) === 'on';
  if (directive === 'off' || directive === 'bypass') return bypass(ttlSeconds, keyDefaultOn);
  if (directive === 'default' && !keyDefaultOn) return bypass(ttlSeconds, false);
  const forced = directive === 'force';
  if (!forced && !isDeterministic(request)) return bypass(ttlSeconds, true);
  return { lookup: directive !== 'refresh', fill: true, forced, ttlSeconds, status: 'MISS', counted: true };
}
