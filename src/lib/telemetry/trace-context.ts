/**
 * W3C Trace Context (`traceparent`, `tracestate`): a caller's trace continues through the
 * gateway. The gateway's span for a request is a child of the caller's span when the request
 * carries a valid `traceparent`; otherwise it starts a trace. Every response carries the
 * gateway's own `traceparent`, so a caller can find the gateway's span in its tracing backend.
 */

export interface TraceContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** The gateway's span for this request: 16 lowercase hex digits. */
  spanId: string;
  /** The caller's span, when the request carried a valid `traceparent`. */
  parentSpanId?: string;
  /** Trace flags, 2 hex digits (`01`: sampled). */
  flags: string;
  /** The caller's `tracestate`, passed on unchanged (bounded). */
  traceState?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;
/** The W3C spec lets a vendor cut `tracestate` past 512 characters; longer values are dropped. */
export const MAX_TRACESTATE_CHARS = 512;

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const byte of values) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export const newSpanId = (): string => randomHex(8);

/** The parent from a `traceparent` header, or undefined when it is absent or invalid (then a new trace starts). */
export function parseTraceparent(header: string | null | undefined): { traceId: string; parentSpanId: string; flags: string } | undefined {
  if (!header) return undefined;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // Version ff is forbidden; version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId, flags };
}

export function traceContextFor(headers: Headers): TraceContext {
  const parent = parseTraceparent(headers.get('traceparent'));
  const spanId = newSpanId();
  if (!parent) return { traceId: randomHex(16), spanId, flags: '01' };
  const traceState = headers.get('tracestate')?.trim();
  return {
    traceId: parent.traceId,
    spanId,
    parentSpanId: parent.parentSpanId,
    flags: parent.flags,
    ...(traceState && traceState.length <= MAX_TRACESTATE_CHARS ? { traceState } : {}),
  };
}

export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}
