// Error responses in each provider family's real shape, with the rate-limit headers each
// family really sends. Recorded error bodies are used where the corpus has one for the
// status; everything else is SYNTHETIC, built from the shapes in WIRE-NOTES.md §6.
import { STATUS_CODES } from 'node:http';

let requestCounter = 0;
/** A fake request id in the provider's style (not a real id). */
export function fakeRequestId() {
  requestCounter += 1;
  return `req_fake${String(requestCounter).padStart(20, '0')}`;
}

/** Go-style duration as in OpenAI `x-ratelimit-reset-*`: `6ms`, `2s`, `1m7.5s`. */
export function goDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const minutes = Math.floor(ms / 60000);
  const seconds = Number(((ms - minutes * 60000) / 1000).toFixed(3));
  return `${minutes ? `${minutes}m` : ''}${seconds}s`;
}

/** RFC 3339 without fractional seconds, as in `anthropic-ratelimit-*-reset`. */
const rfc3339 = (epochMs) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

const ANTHROPIC_TYPES = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};
const GOOGLE_STATUS = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** SYNTHETIC messages modelled on real provider texts. */
function defaultMessage(dialect, status) {
  if (dialect === 'anthropic') {
    if (status === 529) return 'Overloaded';
    if (status >= 500) return 'Internal server error';
    if (status === 429) return 'Number of request tokens has exceeded your per-minute rate limit (fake-upstream)';
  }
  if (dialect === 'gemini') {
    if (status === 503) return 'The model is overloaded. Please try again later.';
    if (status >= 500)
      return 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
  }
  if (dialect === 'azure' && status === 429) {
    return 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. (fake-upstream)';
  }
  if (status === 500) return 'The server had an error while processing your request. Sorry about that!';
  if (status === 503 || status === 529) return 'The server is overloaded or not ready yet.';
  return `${STATUS_CODES[status] ?? 'Error'} (fake-upstream synthetic error)`;
}

/** SYNTHETIC body in the dialect's error shape (WIRE-NOTES §6). */
export function syntheticErrorBody(dialect, status, message = defaultMessage(dialect, status), requestId = fakeRequestId()) {
  switch (dialect) {
    case 'anthropic':
      return {
        type: 'error',
        error: { type: ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message },
        request_id: requestId,
      };
    case 'gemini':
      return { error: { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' } };
    case 'azure':
      return { error: { code: String(status), message } };
    case 'openrouter':
      return { error: { message, code: status }, user_id: 'user_fake' };
    default: {
      const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
      return { error: { message, type, param: null, code: status === 429 ? 'rate_limit_exceeded' : null } };
    }
  }
}

/** First recorded error body (sorted by name) for this status in the family's error dirs. */
function recordedErrorBody(fixtures, errorDirs, status) {
  for (const dir of errorDirs) {
    // a generic `@status=400` should not look like a key problem (Gemini's bad key is also a 400)
    const all = [...fixtures.keys()].filter((n) => n.startsWith(`${dir}/${status}-`) && (status === 401 || !n.includes('api-key')));
    const names = all.filter((n) => !n.endsWith('.issue')).sort();
    const issue = all.filter((n) => n.endsWith('.issue')).sort();
    for (const name of [...names, ...issue]) {
      const fx = fixtures.get(name);
      if (fx?.json?.value && typeof fx.json.value === 'object' && fx.json.value.error) return fx;
    }
  }
  return undefined;
}

/** Rate-limit headers the family sends with a 429 (and `retry-after` when asked for). */
function limitHeaders(dialect, status, retryAfter, requestId, fixtures) {
  /** @type {Record<string, string>} */
  const h = {};
  const ra = retryAfter ?? (status === 429 ? 1 : undefined);
  if (ra !== undefined && dialect !== 'gemini') h['retry-after'] = String(ra);
  const resetMs = (ra ?? 1) * 1000;
  if (dialect === 'anthropic') {
    h['request-id'] = requestId;
    if (status === 429 || status === 529 || status >= 500) h['x-should-retry'] = 'true';
    if (status === 429) {
      const recorded = fixtures.get('anthropic/errors/429-rate-limit.headers.issue')?.json?.value?.headers ?? {};
      for (const [k, v] of Object.entries(recorded)) {
        if (k.startsWith('anthropic-ratelimit-')) h[k] = k.endsWith('-reset') ? rfc3339(Date.now() + resetMs) : String(v);
      }
    }
  } else if (dialect === 'openrouter') {
    if (status === 429)
      Object.assign(h, { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + resetMs) });
  } else if (dialect === 'azure') {
    h['apim-request-id'] = requestId;
    if (ra !== undefined) h['retry-after-ms'] = String(ra * 1000);
    if (status === 429) Object.assign(h, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '0' });
  } else if (dialect !== 'gemini') {
    h['x-request-id'] = requestId;
    if (status === 429) {
      Object.assign(h, {
        'x-ratelimit-limit-requests': '10000',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': goDuration(resetMs),
        'x-ratelimit-limit-tokens': '50000000',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': goDuration(resetMs + 7500),
      });
    }
  }
  return h;
}

/**
 * A complete error response for `family`.
 * @param {{ dialect: string, errorDirs: string[] }} family
 * @param {number} status
 * @param {{ fixtures: Map<string, any>, retryAfter?: number, message?: string }} opts
 * @returns {{ status: number, headers: Record<string, string | string[]>, text: string }}
 */
export function errorResponse(family, status, { fixtures, retryAfter, message }) {
  const requestId = fakeRequestId();
  const recorded = message === undefined ? recordedErrorBody(fixtures, family.errorDirs, status) : undefined;
  let body = recorded ? structuredClone(recorded.json.value) : syntheticErrorBody(family.dialect, status, message, requestId);
  if (family.dialect === 'anthropic' && 'request_id' in body) body.request_id = requestId;
  // keep OpenAI's in-message retry hint consistent with the retry-after we send
  if (recorded && retryAfter !== undefined && typeof body.error?.message === 'string') {
    body.error.message = body.error.message.replace(/try again in [\d.]+m?s/, `try again in ${retryAfter}s`);
  }
  if (family.dialect === 'gemini' && (status === 429 || retryAfter !== undefined)) body = withRetryInfo(body, retryAfter ?? 34.4);
  const headers = { ...(recorded?.headers ?? {}), ...limitHeaders(family.dialect, status, retryAfter, requestId, fixtures) };
  return { status, headers, text: JSON.stringify(body) };
}

/** Gemini's retry hint lives in the body: google.rpc.RetryInfo.retryDelay. */
function withRetryInfo(body, seconds) {
  const details = (body.error.details ?? []).filter((d) => d['@type'] !== 'type.googleapis.com/google.rpc.RetryInfo');
  details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` });
  return { ...body, error: { ...body.error, details } };
}
