/**
 * What of a request's or response's envelope may be archived. Headers are allow-listed, so a
 * credential header a future provider invents is never archived by accident; the known
 * credential headers are also refused by name. URLs keep their path but lose the values of
 * query parameters that look like credentials (Gemini accepts `?key=`).
 */

const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'set-cookie',
]);

const ALLOWED_HEADERS = new Set([
  'accept',
  'anthropic-beta',
  'anthropic-version',
  'content-length',
  'content-type',
  'openai-beta',
  'openai-processing-ms',
  'openai-version',
  'request-id',
  'retry-after',
  'user-agent',
  'x-request-id',
]);

const ALLOWED_PREFIXES = ['x-ratelimit-', 'anthropic-ratelimit-', 'x-stainless-'];

export function isArchivableHeader(name: string): boolean {
  return isLowerArchivable(name.toLowerCase());
}

function isLowerArchivable(lower: string): boolean {
  if (CREDENTIAL_HEADERS.has(lower)) return false;
  return ALLOWED_HEADERS.has(lower) || ALLOWED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

export function archivableHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    // A Headers object's names are already lower-case.
    headers.forEach((value, name) => {
      if (isLowerArchivable(name)) out[name] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers)) if (isArchivableHeader(name)) out[name.toLowerCase()] = value;
  return out;
}

const SECRET_QUERY = /key|token|secret|signature|sig|auth|password/i;

export function archivableUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparseable url]';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_QUERY.test(name)) parsed.searchParams.set(name, '[redacted]');
  return parsed.toString();
}

/** Remove an exact secret (the provider key of the attempt) from archived text. */
export function withoutSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 && text.includes(secret) ? text.split(secret).join('[redacted]') : text;
}
