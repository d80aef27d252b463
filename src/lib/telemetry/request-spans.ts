/**
 * One request → its spans, following the OpenTelemetry GenAI semantic conventions: a SERVER
 * span for the request (a child of the caller's span when it sent `traceparent`) and a CLIENT
 * span per upstream attempt. Built by the queue consumer from the facts the request's message
 * carries (trace-facts.ts), never on the request's isolate. Ids, counts and timings; content
 * only for a key that opted in (span-content.ts).
 */
import type { Config } from '../config';
import type { AttemptRecord, RequestRecord } from '../pipeline/request-record';
import type { UsageEvent } from '../usage/event';
import { type AttributeInput, attributes, type OtlpSpan, SpanKind, SpanStatus, unixNano } from './otlp-span';
import { newSpanId, type TraceContext } from './trace-context';
import type { TraceFacts } from './trace-facts';

/**
 * `gen_ai.provider.name` well-known values of the conventions, by gateway provider id. Data, not
 * behaviour: a provider missing here is named by its gateway id.
 */
const SEMCONV_PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  azure: 'azure.ai.openai',
  deepseek: 'deepseek',
  groq: 'groq',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  perplexity: 'perplexity',
};

export const providerName = (provider: string): string => SEMCONV_PROVIDER_NAMES[provider] ?? provider;

const operationName = (record: Pick<RequestRecord, 'endpoint'>): string => (record.endpoint === 'embeddings' ? 'embeddings' : 'chat');

function serverAddress(provider: string | undefined, config: Config): string | undefined {
  const baseUrl = provider ? config.providers.get(provider)?.baseUrl : undefined;
  if (!baseUrl) return undefined;
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return undefined;
  }
}

/** Why an attempt happened: the first is the request, later ones retry the same target or fall back to another. */
function attemptReason(attempts: AttemptRecord[], index: number): string | undefined {
  const previous = attempts[index - 1];
  const attempt = attempts[index];
  if (!previous || !attempt) return undefined;
  const sameTarget = previous.provider === attempt.provider && previous.model === attempt.model;
  return `${sameTarget ? 'retry' : 'fallback'}:${previous.errorCode ?? (previous.status === 0 ? 'network' : String(previous.status))}`;
}

function attemptSpan(record: TraceFacts, parent: OtlpSpan, index: number, config: Config): OtlpSpan {
  const attempt = record.attempts[index] as AttemptRecord;
  const failed = attempt.status === 0 || attempt.status >= 400 || Boolean(attempt.errorCode);
  const values: Record<string, AttributeInput> = {
    'gen_ai.operation.name': operationName(record),
    'gen_ai.provider.name': providerName(attempt.provider),
    'gen_ai.request.model': attempt.model,
    'server.address': serverAddress(attempt.provider, config),
    'http.response.status_code': attempt.status || undefined,
    'error.type': failed ? (attempt.errorCode ?? (attempt.status === 0 ? 'network' : String(attempt.status))) : undefined,
    'switchboard.attempt': index + 1,
    'switchboard.attempt_reason': attemptReason(record.attempts, index),
    'switchboard.delay_ms': attempt.delayMs,
    'switchboard.time_to_first_byte_ms': attempt.firstByteAt === undefined ? undefined : attempt.firstByteAt - attempt.startedAt,
  };
  return {
    traceId: parent.traceId,
    spanId: newSpanId(),
    parentSpanId: parent.spanId,
    name: `${operationName(record)} ${attempt.model}`,
    kind: SpanKind.client,
    startTimeUnixNano: unixNano(attempt.startedAt),
    endTimeUnixNano: unixNano(attempt.endedAt ?? attempt.startedAt),
    attributes: attributes(values),
    status: failed ? { code: SpanStatus.error } : { code: SpanStatus.ok },
  };
}

/** The SERVER span of a request, a child of the caller's span when it sent `traceparent`. */
type SpanFacts = Pick<TraceFacts, 'endpoint' | 'requestedModel' | 'receivedAt' | 'endedAt'>;

function rootSpan(record: SpanFacts, trace: TraceContext, values: Record<string, AttributeInput>, error?: string): OtlpSpan {
  return {
    traceId: trace.traceId,
    spanId: trace.spanId,
    ...(trace.parentSpanId ? { parentSpanId: trace.parentSpanId } : {}),
    ...(trace.traceState ? { traceState: trace.traceState } : {}),
    name: `${operationName(record)} ${record.requestedModel}`.trim(),
    kind: SpanKind.server,
    startTimeUnixNano: unixNano(record.receivedAt),
    endTimeUnixNano: unixNano(record.endedAt ?? record.receivedAt),
    attributes: attributes(values),
    status: error === undefined ? { code: SpanStatus.ok } : { code: SpanStatus.error, message: error },
  };
}

/** Attributes every request span carries, whatever happened to it. */
function requestAttributes(
  record: Pick<TraceFacts, 'endpoint' | 'requestedModel' | 'status' | 'surface' | 'stream'>,
  requestId: string,
  keyId: string,
): Record<string, AttributeInput> {
  return {
    'gen_ai.operation.name': operationName(record),
    'gen_ai.request.model': record.requestedModel || undefined,
    'http.response.status_code': record.status || undefined,
    'switchboard.request_id': requestId,
    'switchboard.key_id': keyId || undefined,
    'switchboard.surface': record.surface,
    'switchboard.endpoint': record.endpoint,
    'switchboard.stream': record.stream,
  };
}

/** The request's span and one child per attempt, from its facts and its usage event. */
export function requestSpans(facts: TraceFacts, usage: UsageEvent, config: Config): OtlpSpan[] {
  const failed = usage.outcome !== 'success';
  const values: Record<string, AttributeInput> = {
    ...requestAttributes(facts, usage.requestId, usage.keyId),
    'gen_ai.provider.name': usage.provider ? providerName(usage.provider) : undefined,
    'gen_ai.response.model': facts.responseModel,
    'gen_ai.request.max_tokens': facts.maxTokens,
    'gen_ai.request.temperature': facts.temperature,
    'gen_ai.usage.input_tokens': usage.tokens.prompt,
    'gen_ai.usage.output_tokens': usage.tokens.completion,
    'gen_ai.response.finish_reasons': facts.finishReason ? [facts.finishReason] : undefined,
    'gen_ai.response.id': facts.responseId,
    'error.type': failed ? (facts.error?.code ?? facts.error?.kind ?? usage.outcome) : undefined,
    'server.address': serverAddress(usage.provider, config),
    'switchboard.cache_status': facts.cache,
    'switchboard.attempts': facts.attempts.length,
    'switchboard.route': facts.route,
    'switchboard.outcome': usage.outcome,
    'switchboard.cost_usd': usage.costUsd,
    'switchboard.usage.cached_input_tokens': usage.tokens.cached,
    'switchboard.usage.reasoning_tokens': usage.tokens.reasoning,
    'switchboard.time_to_first_token_ms': usage.timeToFirstTokenMs,
    ...facts.content,
  };
  const ended = { ...facts, endedAt: facts.endedAt ?? facts.receivedAt + usage.latencyMs };
  const root = rootSpan(ended, facts.trace, values, failed ? (facts.error?.code ?? usage.outcome) : undefined);
  return [root, ...facts.attempts.map((_, index) => attemptSpan(facts, root, index, config))];
}

/**
 * The span of a request the gateway refused before any provider call (validation,
 * authentication, limits, unknown model): no attempts, no usage, the refusal as its error.
 */
export function refusalSpans(record: RequestRecord): OtlpSpan[] {
  const trace = record.trace;
  if (!trace) return [];
  const error = record.error?.code ?? record.error?.kind ?? String(record.status);
  const values: Record<string, AttributeInput> = {
    ...requestAttributes(record, record.requestId, record.keyId),
    'error.type': error,
    'switchboard.attempts': 0,
    'switchboard.outcome': 'refused',
  };
  return [rootSpan(record, trace, values, error)];
}

/** Facts read back from a queue message: trusted as the gateway's own output once their ids have the right form. */
export function traceFactsOf(body: unknown): TraceFacts | undefined {
  if (typeof body !== 'object' || body === null || !('trace' in body)) return undefined;
  const facts = (body as { trace: unknown }).trace as Partial<TraceFacts> | null;
  const trace = facts?.trace;
  if (!trace || !/^[0-9a-f]{32}$/.test(String(trace.traceId)) || !/^[0-9a-f]{16}$/.test(String(trace.spanId))) return undefined;
  if (!Array.isArray(facts.attempts) || typeof facts.receivedAt !== 'number') return undefined;
  return facts as TraceFacts;
}
