/**
 * What the request's isolate hands over for its spans: plain facts of the request record (trace
 * context, attempts and timings, the few request and response fields the spans name), a few
 * hundred bytes in the request's one queue message. The queue consumer builds the OTLP spans
 * from them (request-spans.ts), so the request path neither builds nor serializes span objects.
 */
import type { AfterResponseContext } from '../pipeline/after-response-context';
import type { AttemptRecord, RequestRecord } from '../pipeline/request-record';
import { contentAttributes } from './span-content';
import type { TraceContext } from './trace-context';

export interface TraceFacts {
  trace: TraceContext;
  surface: RequestRecord['surface'];
  endpoint: RequestRecord['endpoint'];
  requestedModel: string;
  stream: boolean;
  receivedAt: number;
  endedAt?: number;
  status: number;
  cache: RequestRecord['cache'];
  route?: string;
  finishReason?: string;
  error?: { kind: string; code: string | null };
  maxTokens?: number;
  temperature?: number;
  /** What the provider says answered, and its response id. */
  responseModel?: string;
  responseId?: string;
  attempts: AttemptRecord[];
  /** The content attributes, for a key that opted in (span-content.ts): already bounded JSON strings. */
  content?: Record<string, string | undefined>;
}

/** The facts of a traced request; undefined when it has no trace context. */
export function traceFacts({ record, result }: AfterResponseContext): TraceFacts | undefined {
  const trace = record.trace;
  if (!trace) return undefined;
  return {
    trace,
    surface: record.surface,
    endpoint: record.endpoint,
    requestedModel: record.requestedModel,
    stream: record.stream,
    receivedAt: record.receivedAt,
    endedAt: record.endedAt,
    status: record.status,
    cache: record.cache,
    route: record.route,
    finishReason: record.finishReason,
    error: record.error ? { kind: record.error.kind, code: record.error.code } : undefined,
    maxTokens: record.requestParams?.maxTokens,
    temperature: record.requestParams?.temperature,
    responseModel: result?.model ?? record.model,
    responseId: result?.id,
    attempts: record.attempts,
    content:
      record.traceContent && record.prompt ? (contentAttributes(record.prompt, result) as Record<string, string | undefined>) : undefined,
  };
}
