/**
 * Where spans go: the operator's OTLP/HTTP collector (`SWITCHBOARD_OTLP_ENDPOINT`, JSON encoding),
 * read from the environment. The endpoint is operator configuration, never a caller's choice. Its
 * headers (`SWITCHBOARD_OTLP_HEADERS`) may hold a vendor API key: they are never logged. The
 * queue consumer sends them (otlp-collector.ts); the request path only asks whether spans are on.
 */

export interface OtlpSettings {
  url: string;
  headers: Record<string, string>;
}

/** `name=value,name=value` (values may be percent-encoded, as OTEL_EXPORTER_OTLP_HEADERS allows). */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    let headerValue = pair.slice(at + 1).trim();
    try {
      headerValue = decodeURIComponent(headerValue);
    } catch {
      // Not percent-encoded: use as written.
    }
    if (name) headers[name] = headerValue;
  }
  return headers;
}

/** Undefined when no collector is configured (or its URL is not http(s)): then nothing is built or sent. */
export function otlpSettings(env: Env): OtlpSettings | undefined {
  const base = env.SWITCHBOARD_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1/traces') ? path : `${path}/v1/traces`;
  return { url: url.toString(), headers: parseOtlpHeaders(env.SWITCHBOARD_OTLP_HEADERS) };
}
