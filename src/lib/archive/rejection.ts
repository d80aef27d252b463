/**
 * Requests the gateway itself turned away with a 4xx (validation, unknown model, allow-list,
 * limits, body too large…) are archived too, so `GET /v1/logs` shows a caller what their client
 * sent and why it was refused. Same policy and redaction as any archive; no provider was
 * called, so no usage event is sent. A 401 has no key to file it under and is not archived;
 * a 4xx that came from a provider is archived by the pipeline with its attempts.
 */
import type { Context } from 'hono';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import type { GatewayError } from '../http/errors';
import { rawBodyOf } from '../http/validation';
import type { RequestRecord } from '../pipeline/request-record';
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

/** Archive this refused request, after the response; call with the error about to be rendered. */
export function archiveRejection(c: Context<AppEnv>, error: GatewayError, defer: (work: Promise<unknown>) => void): void {
  if (error.status < 400 || error.status >= 500 || error.kind === 'authentication') return;
  const endpoint = c.req.method === 'POST' ? endpoints[c.req.path] : undefined;
  const key = c.get('key');
  if (!endpoint || !key) return;
  const started = c.get('exchange');
  if (started && started.attempts.length > 0) return;
  const policy = archivePolicy(getConfig(c.env).archive, key);
  if (!policy.archive) return;
  const body = rawBodyOf(c.req.raw);
  let capture = started;
  if (!capture) {
    capture = new ExchangeCapture({ redactContent: policy.redactContent, encrypt: policy.encrypt });
    capture.inboundBody(body);
    // The client tap records the error response the caller gets.
    c.set('exchange', capture);
  }
  const facts = requestFacts(body);
  const record: RequestRecord = {
    requestId: c.get('requestId'),
    keyId: key.id,
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
    exchange: capture,
  };
  const noAdmission = { settle: async () => {} };
  defer(sendRejection(c.env, record, noAdmission));
}

/** One queue message with the refusal's archive record, like any request's (the batched archive files it). */
async function sendRejection(env: Env, record: RequestRecord, admission: { settle(): Promise<void> }): Promise<void> {
  const archive = await archiveAttachment({ env, record, admission });
  if (!archive) return;
  const message: RejectionMessage = { kind: 'rejection', keyId: record.keyId, requestId: record.requestId, at: record.receivedAt, archive };
  await env.USAGE_QUEUE.send(message, { contentType: 'json' });
}
