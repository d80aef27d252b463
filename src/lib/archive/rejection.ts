/**
 * Requests the gateway itself turned away with a 4xx (validation, unknown model, allow-list,
 * limits, body too large…) are archived too, so `GET /v1/logs` shows a caller what their client
 * sent and why it was refused. Same policy and redaction as any archive; no provider was
 * called, so no usage event is sent. A 401 has no key to file it under and is not archived;
 * a 4xx that came from a provider is archived by the pipeline with its attempts. When spans
 * are exported, every refusal of a model endpoint (401 included) also gets its request span,
 * so a trace shows why the gateway answered without calling a provider.
 */
import type { Context } from 'hono';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import type { GatewayError } from '../http/errors';
import { rawBodyOf } from '../http/validation';
import type { GatewayKey } from '../keys/gateway-key';
import type { RequestRecord } from '../pipeline/request-record';
import { otlpSettings } from '../telemetry/otlp-exporter';
import { archiveAttachment } from './attachment';
import { ExchangeCapture } from './capture';
import { archivePolicy } from './policy';
import type { RejectionMessage } from './rejection-message';

/** The model-calling endpoints whose refusals are worth a log entry. */
const endpoints: Record<string, RequestRecord['endpoint']> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'messages',
  '/v1/responses': 'responses',
  '/v1/embeddings': 'embeddings',
};

function requestFacts(text: string | undefined): { model: string; stream: boolean } {
  try {
    const body = text ? (JSON.parse(text) as { model?: unknown; stream?: unknown }) : {};
    return { model: typeof body.model === 'string' ? body.model : '', stream: body.stream === true };
  } catch {
    return { model: '', stream: false };
  }
}

/**
 * Report this refused request after the response, with the error about to be rendered: its
 * archive record (when the key's requests are archived) and its trace span (when spans are
 * exported), together in one queue message. A request whose call reached a provider is archived
 * by the pipeline; one the pipeline accounts for (an attempt, or a cache hit) has its spans there.
 */
export function reportRejection(c: Context<AppEnv>, error: GatewayError, defer: (work: Promise<unknown>) => void): void {
  const endpoint = c.req.method === 'POST' ? endpoints[c.req.path] : undefined;
  if (!endpoint) return;
  // The pipeline's usage message carries the spans of a request it accounts for (an attempt, even one its adapter refused, or a cache hit).
  const pipeline = c.get('pipelineRecord');
  const accounted = pipeline !== undefined && (pipeline.attempts.length > 0 || pipeline.cache === 'HIT');
  const started = c.get('exchange');
  if (started && started.attempts.length > 0) return;
  const key = c.get('key') as GatewayKey | undefined;
  // Without a key (401, or a configuration refused before authentication) the config is not read: it may be the error.
  const policy = key ? archivePolicy(getConfig(c.env).archive, key) : undefined;
  const archived = Boolean(key && policy?.archive && error.status >= 400 && error.status < 500 && error.kind !== 'authentication');
  const traced = !accounted && otlpSettings(c.env) !== undefined;
  if (!archived && !traced) return;
  const body = rawBodyOf(c.req.raw);
  let capture: ExchangeCapture | undefined;
  if (archived && policy) {
    capture = started ?? new ExchangeCapture({ redactContent: policy.redactContent, encrypt: policy.encrypt });
    if (!started) {
      capture.inboundBody(body);
      // The client tap records the error response the caller gets.
      c.set('exchange', capture);
    }
  }
  const facts = requestFacts(body);
  const record: RequestRecord = {
    requestId: c.get('requestId'),
    keyId: key?.id ?? '',
    surface: c.get('surface'),
    endpoint,
    requestedModel: facts.model,
    stream: facts.stream,
    receivedAt: c.get('receivedAt'),
    endedAt: Date.now(),
    attempts: [],
    status: error.status,
    error: { kind: error.kind, code: error.code, message: error.message },
    rejected: true,
    cache: 'BYPASS',
    trace: c.get('trace'),
    ...(capture ? { exchange: capture } : {}),
  };
  defer(sendRejection(c.env, record, archived, traced));
}

/**
 * One queue message for the refusal: its archive record (with its span) on the usage queue, else
 * its span on the telemetry queue. Span building is the consumer's code: it is imported with it
 * (src/cold-paths.ts) on a traced refusal's first use, after the response, not parsed at an
 * isolate's start (one lazy module rather than one more: each splits the startup code further).
 */
async function sendRejection(env: Env, record: RequestRecord, archived: boolean, traced: boolean): Promise<void> {
  const spans = traced ? (await import('../../cold-paths')).refusalSpans(record) : [];
  const noAdmission = { settle: async () => {} };
  const archive = archived ? await archiveAttachment({ env, record, admission: noAdmission }) : undefined;
  if (archive) {
    const message: RejectionMessage = {
      kind: 'rejection',
      keyId: record.keyId,
      requestId: record.requestId,
      at: record.receivedAt,
      archive,
      ...(spans.length ? { spans } : {}),
    };
    await env.USAGE_QUEUE.send(message, { contentType: 'json' });
  } else if (spans.length) {
    await env.TELEMETRY_QUEUE.send({ spans }, { contentType: 'json' });
  }
}
