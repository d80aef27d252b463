/**
 * Sends spans to the operator's OTLP/HTTP collector (`SWITCHBOARD_OTLP_ENDPOINT`, JSON encoding).
 * The endpoint is operator configuration, never a caller's choice. Its headers
 * (`SWITCHBOARD_OTLP_HEADERS`) may hold a vendor API key: they are never logged, and an export
 * error names only the status.
 */
import { exportRequest, type OtlpSpan } from './otlp-span';

/** A collector that has not answered by then is treated as down; the spans go to the retry queue. */
export const EXPORT_TIMEOUT_MS = 5_000;

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

export class ExportFailed extends Error {
  constructor(readonly status: number) {
    super(status === 0 ? 'OTLP collector unreachable' : `OTLP collector answered ${status}`);
  }
}

export async function exportSpans(settings: OtlpSettings, spans: OtlpSpan[]): Promise<void> {
  if (spans.length === 0) return;
  let response: Response;
  try {
    response = await fetch(settings.url, {
      method: 'POST',
      headers: { ...settings.headers, 'content-type': 'application/json' },
      body: JSON.stringify(exportRequest(spans)),
      signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
    });
  } catch {
    throw new ExportFailed(0);
  }
  await response.body?.cancel();
  if (!response.ok) throw new ExportFailed(response.status);
}
