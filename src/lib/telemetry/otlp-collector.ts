/**
 * Sends spans to the operator's OTLP/HTTP collector (otlp-exporter.ts reads where), from the
 * queue consumer (span-export.ts). An export error names only the status, never the headers.
 */
import type { OtlpSettings } from './otlp-exporter';
import { exportRequest, type OtlpSpan } from './otlp-span';

/** A collector that has not answered by then is treated as down; the spans go to the retry queue. */
export const EXPORT_TIMEOUT_MS = 5_000;

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
