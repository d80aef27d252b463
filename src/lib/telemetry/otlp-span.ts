/**
 * OTLP/HTTP JSON spans (opentelemetry-proto `trace/v1`, JSON mapping): the few shapes the
 * exporter writes. Ids are lowercase hex; times are nanoseconds since epoch as decimal strings.
 */

export type OtlpValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpValue[] } };

export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

/** SpanKind: 2 = SERVER (the gateway's span for a request), 3 = CLIENT (a call to a provider). */
export const SpanKind = { server: 2, client: 3 } as const;
/** Status code: 1 = OK, 2 = ERROR. */
export const SpanStatus = { ok: 1, error: 2 } as const;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code: number; message?: string };
}

export type AttributeInput = string | number | boolean | string[] | null | undefined;

/** Attributes from a plain record; null and undefined are left out, integers stay integers. */
export function attributes(values: Record<string, AttributeInput>): OtlpAttribute[] {
  const out: OtlpAttribute[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    out.push({ key, value: otlpValue(value) });
  }
  return out;
}

function otlpValue(value: Exclude<AttributeInput, null | undefined>): OtlpValue {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** Milliseconds since epoch → OTLP's nanosecond string (exact: no float multiplication). */
export function unixNano(ms: number): string {
  return `${Math.round(ms)}000000`;
}

export const SERVICE_NAME = 'switchboard';

/** The OTLP/HTTP JSON request body for a batch of spans. */
export function exportRequest(spans: OtlpSpan[]): { resourceSpans: unknown[] } {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes({ 'service.name': SERVICE_NAME }) },
        scopeSpans: [{ scope: { name: SERVICE_NAME }, spans }],
      },
    ],
  };
}
