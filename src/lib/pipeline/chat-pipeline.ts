/**
 * The request path shared by every chat surface (OpenAI chat, Anthropic messages):
 * admit → conversation (session history, template) → cache lookup → route (retries, fallbacks)
 * → respond (session append), then the after-response steps (limiter, cache fill, …).
 * Surfaces only convert their wire format to the canonical request and back.
 */
import type { Context } from 'hono';
import { startCapture } from '../archive/policy';
import { lookupCache } from '../cache/lookup';
import { replayStream } from '../cache/replay';
import type { ChatRequest, ChatResult } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { toGatewayError } from '../http/error-response';
import { gatewayHeaders, routingHeaders } from '../http/gateway-headers';
import { addResponseHeaders } from '../http/response-headers';
import { callerCredentials } from '../keys/provider-credentials';
import { admit } from '../limits/admission';
import { countPromptChars, countResultChars } from '../models/tokens';
import { routeChat } from '../routing/router';
import { type Conversation, openConversation } from '../sessions/conversation';
import { watchStream } from '../streams/stream-completion';
import type { EventBatch } from '../streams/stream-pipeline';
import { type AfterResponseContext, afterResponse } from './after-response';
import { once, settleIfClientLeaves } from './client-gone';
import type { RequestRecord } from './request-record';

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
  record.promptChars = countPromptChars(request);
  record.exchange = startCapture(c);
  const admission = await admit(c, request);
  const after: AfterResponseContext = { env: c.env, record, admission };
  const finish = once(() => defer(c, afterResponse(after)));
  const responding = settleIfClientLeaves(c, record, finish);
  try {
    const conversation = await openConversation(c, request);
    after.cache = await lookupCache(c, conversation.request, record);
    const hit = after.cache.hit;
    if (hit) {
      responding();
      record.provider = hit.served.provider;
      record.model = hit.served.model;
      addResponseHeaders(c, gatewayHeaders(hit.served, 0));
      return await respond(c, after, conversation, hit.result, request.stream === true);
    }
    const outcome = await routeChat(conversation.request, {
      config: getConfig(c.env),
      signal: c.req.raw.signal,
      record,
      key: c.get('key'),
      headers: c.req.raw.headers,
      credentials: callerCredentials(c.env, c.get('key')),
    });
    // A response exists: from here its own paths (respond, the stream's outcome) settle the request.
    responding();
    record.provider = outcome.target.provider;
    record.model = outcome.target.model;
    addResponseHeaders(c, { ...gatewayHeaders(outcome.target, record.attempts.length), ...routingHeaders(record) });
    if (outcome.kind === 'result') return await respond(c, after, conversation, outcome.result, false);
    // Adding the stream up costs memory in its length: only when a session or the cache needs it.
    const needsWhole = after.cache.policy.fill || conversation.append !== undefined;
    const watched = needsWhole
      ? watchStream(outcome.stream.events, conversation.append)
      : { events: outcome.stream.events, result: undefined };
    record.status = 200;
    defer(
      c,
      Promise.all([outcome.stream.outcome, watched.result]).then(([streamOutcome, result]) => {
        record.usage = streamOutcome.usage;
        record.finishReason = streamOutcome.finishReason;
        record.firstByteAt = streamOutcome.firstTokenAt;
        record.endedAt = streamOutcome.endedAt;
        record.cancelled = streamOutcome.cancelled;
        record.outputChars = streamOutcome.outputChars;
        if (streamOutcome.error) {
          const { kind, code, message } = streamOutcome.error;
          record.error = { kind, code, message };
        }
        after.result = result;
        return afterResponse(after);
      }),
    );
    return { kind: 'stream', events: watched.events };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    if (record.deadlineMs !== undefined) addResponseHeaders(c, routingHeaders(record));
    if (c.req.raw.signal.aborted) record.cancelled = true;
    record.status = error.status;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    record.endedAt = Date.now();
    finish();
    throw error;
  } finally {
    responding();
  }
}

/**
 * A complete result (from the provider or the cache): saved to the session before the caller
 * sees it, then sent whole, or replayed as a stream when the caller asked for one (cache hits).
 */
async function respond(
  c: Context<AppEnv>,
  after: AfterResponseContext,
  conversation: Conversation,
  result: ChatResult,
  asStream: boolean,
): Promise<PipelineOutput> {
  const { record } = after;
  record.status = 200;
  record.usage = result.usage;
  record.outputChars = countResultChars(result);
  record.finishReason = result.choices[0]?.finishReason ?? undefined;
  record.firstByteAt = record.endedAt = Date.now();
  after.result = result;
  if (asStream && !conversation.append) {
    defer(c, afterResponse(after));
    return { kind: 'stream', events: replayStream(result) };
  }
  if (asStream) {
    const watched = watchStream(replayStream(result), conversation.append);
    defer(
      c,
      watched.result.then(() => afterResponse(after)),
    );
    return { kind: 'stream', events: watched.events };
  }
  await conversation.append?.(result);
  defer(c, afterResponse(after));
  return { kind: 'result', result };
}
