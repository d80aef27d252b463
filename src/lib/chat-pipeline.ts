/**
 * The request path shared by every chat surface (OpenAI chat, Anthropic messages):
 * admit → route (retries, fallbacks) → respond, then the after-response steps.
 * Surfaces only convert their wire format to the canonical request and back.
 */
import type { Context } from 'hono';
import { admit } from './admission';
import { afterResponse } from './after-response';
import type { ChatRequest, ChatResult } from './canonical';
import { getConfig } from './config';
import type { AppEnv } from './context';
import { toGatewayError } from './error-response';
import { gatewayHeaders } from './gateway-headers';
import { callerCredentials } from './provider-credentials';
import type { RequestRecord } from './request-record';
import { addResponseHeaders } from './response-headers';
import { routeChat } from './router';
import type { EventBatch } from './stream-pipeline';

export type PipelineOutput = { kind: 'result'; result: ChatResult } | { kind: 'stream'; events: ReadableStream<EventBatch> };

export function newRecord(
  c: Context<AppEnv>,
  endpoint: RequestRecord['endpoint'],
  request: { model: string; stream?: boolean | null },
): RequestRecord {
  return {
    requestId: c.get('requestId'),
    keyId: c.get('key').id,
    surface: c.get('surface'),
    endpoint,
    requestedModel: request.model,
    stream: request.stream === true,
    receivedAt: c.get('receivedAt'),
    attempts: [],
    status: 0,
    cache: 'BYPASS',
  };
}

/** Run `work` after the response; in tests without an execution context, run it detached. */
export function defer(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    work.catch(() => {});
  }
}

export async function runChatPipeline(c: Context<AppEnv>, request: ChatRequest, endpoint: 'chat' | 'messages'): Promise<PipelineOutput> {
  const record = newRecord(c, endpoint, request);
  if (request.metadata) record.tags = request.metadata;
  const admission = await admit(c, request);
  const finish = () => defer(c, afterResponse({ env: c.env, record, admission }));
  try {
    const credentials = callerCredentials(c.env, c.get('key'));
    const outcome = await routeChat(request, { config: getConfig(c.env), signal: c.req.raw.signal, record, credentials });
    record.provider = outcome.target.provider;
    record.model = outcome.target.model;
    record.status = 200;
    addResponseHeaders(c, gatewayHeaders(outcome.target, record.attempts.length));
    if (outcome.kind === 'result') {
      record.usage = outcome.result.usage;
      record.finishReason = outcome.result.choices[0]?.finishReason ?? undefined;
      record.firstByteAt = record.endedAt = Date.now();
      finish();
      return { kind: 'result', result: outcome.result };
    }
    defer(
      c,
      outcome.stream.outcome.then((streamOutcome) => {
        record.usage = streamOutcome.usage;
        record.finishReason = streamOutcome.finishReason;
        record.firstByteAt = streamOutcome.firstTokenAt;
        record.endedAt = streamOutcome.endedAt;
        record.cancelled = streamOutcome.cancelled;
        if (streamOutcome.error) {
          const { kind, code, message } = streamOutcome.error;
          record.error = { kind, code, message };
        }
        return afterResponse({ env: c.env, record, admission });
      }),
    );
    return { kind: 'stream', events: outcome.stream.events };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    record.status = error.status;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    record.endedAt = Date.now();
    finish();
    throw error;
  }
}
