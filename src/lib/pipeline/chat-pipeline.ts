/**
 * The request path shared by every chat surface (OpenAI chat, Anthropic messages):
 * conversation (session history, template) → route plan → admit (the request as sent, every
 * target of the plan), with the cache lookup running beside it → route (retries, fallbacks) → respond (session append), then the after-response steps (limiter, cache fill, …).
 * Surfaces only convert their wire format to the canonical request and back.
 */
import type { Context } from 'hono';
import { startCapture } from '../archive/policy';
import { applyCacheStep, readCache } from '../cache/lookup';
import { replayStream } from '../cache/replay';
import type { ForwardedBody } from '../cache/store';
import type { ChatRequest, ChatResult } from '../canonical';
import { getConfig } from '../config';
import { announceDropped, fidelityFor } from '../fidelity/dropped-params';
import type { AppEnv } from '../http/context';
import { toGatewayError } from '../http/error-response';
import { gatewayHeaders, routingHeaders } from '../http/gateway-headers';
import { addResponseHeaders } from '../http/response-headers';
import { callerCredentials } from '../keys/provider-credentials';
import { type Admission, admit, checkRequestedModel } from '../limits/admission';
import { countPromptChars, countResultChars, resultTexts } from '../models/tokens';
import { planChat, type RouteOptions, routeChat } from '../routing/router';
import { type Conversation, openConversation } from '../sessions/conversation';
import type { ForwardedResult, ForwardedStream } from '../streams/forwarded-stream';
import { watchStream } from '../streams/stream-completion';
import type { EventBatch } from '../streams/stream-pipeline';
import { traceContentWanted } from '../telemetry/span-content';
import { type AfterResponseContext, afterResponse } from './after-response';
import { once, settleIfClientLeaves } from './client-gone';
import type { RequestRecord } from './request-record';
import { type ForwardBody, forwardOf } from './same-dialect';

/** `forwarded`: on the same-dialect lane, the provider's bytes the surface sends instead of encoding. */
export type PipelineOutput =
  | { kind: 'result'; result: ChatResult; forwarded?: ForwardedResult }
  | { kind: 'stream'; events: ReadableStream<EventBatch>; forwarded?: ForwardedStream };

export function newRecord(
  c: Context<AppEnv>,
  endpoint: RequestRecord['endpoint'],
  request: { model: string; stream?: boolean | null },
): RequestRecord {
  const record: RequestRecord = {
    requestId: c.get('requestId'),
    keyId: c.get('key').id,
    surface: c.get('surface'),
    endpoint,
    requestedModel: request.model,
    stream: request.stream === true,
    receivedAt: c.get('receivedAt'),
    trace: c.get('trace'),
    attempts: [],
    status: 0,
    cache: 'BYPASS',
  };
  c.set('pipelineRecord', record);
  return record;
}

/** Run `work` after the response; in tests without an execution context, run it detached. */
export function defer(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    work.catch(() => {});
  }
}

/** Before admission (or when it refused) nothing is reserved, so nothing is settled. */
const notAdmitted: Admission = { settle: async () => {} };

export async function runChatPipeline(
  c: Context<AppEnv>,
  request: ChatRequest,
  endpoint: 'chat' | 'messages' | 'responses',
): Promise<PipelineOutput> {
  const record = newRecord(c, endpoint, request);
  if (request.metadata) record.tags = request.metadata;
  record.promptChars = countPromptChars(request);
  record.requestParams = {
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
  };
  record.exchange = startCapture(c);
  checkRequestedModel(c, request.model);
  const after: AfterResponseContext = { env: c.env, record, admission: notAdmitted };
  const finish = once(() => defer(c, afterResponse(after)));
  const responding = settleIfClientLeaves(c, record, finish);
  let refused = false;
  try {
    const conversation = await openConversation(c, request);
    record.prompt = conversation.request;
    record.traceContent = traceContentWanted(c.env, getConfig(c.env).archive, c.get('key'));
    const routeOptions: RouteOptions = {
      config: getConfig(c.env),
      signal: c.req.raw.signal,
      record,
      key: c.get('key'),
      headers: c.req.raw.headers,
      credentials: callerCredentials(c.env, c.get('key')),
      fidelity: fidelityFor(c),
    };
    const plan = await planChat(conversation.request, routeOptions);
    // The lookup and admission are independent round trips: wait for both at once. A refused
    // request drops its lookup; only an admitted one is served from the cache.
    const cacheRead = readCache(c, conversation.request, record.requestId);
    cacheRead.catch(() => {});
    after.admission = await admit(c, conversation.request, plan, record).catch((error: unknown) => {
      refused = true;
      throw error;
    });
    after.cache = applyCacheStep(c, record, await cacheRead);
    const hit = after.cache.hit;
    if (hit) {
      responding();
      record.provider = hit.served.provider;
      record.model = hit.served.model;
      addResponseHeaders(c, gatewayHeaders(hit.served, 0));
      record.droppedParams = announceDropped(c);
      const output = await respond(c, after, conversation, hit.result, request.stream === true);
      return withCachedBody(output, hit.forwarded, forwardOf(request));
    }
    const outcome = await routeChat(conversation.request, routeOptions, plan);
    // A response exists: from here its own paths (respond, the stream's outcome) settle the request.
    responding();
    // On the same-dialect lane the client's body went as written: only the target's own edits dropped anything.
    record.droppedParams = announceDropped(c, outcome.target, Boolean(outcome.forwarded));
    record.provider = outcome.target.provider;
    record.model = outcome.target.model;
    addResponseHeaders(c, { ...gatewayHeaders(outcome.target, record.attempts.length), ...routingHeaders(record) });
    if (outcome.kind === 'result') {
      const forward = forwardOf(request);
      if (outcome.forwarded && forward) after.forwarded = { dialect: forward.dialect, body: outcome.forwarded.body };
      const output = await respond(c, after, conversation, outcome.result, false);
      return output.kind === 'result' && outcome.forwarded ? { ...output, forwarded: outcome.forwarded } : output;
    }
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
        record.outputText = streamOutcome.outputText;
        if (streamOutcome.error) {
          const { kind, code, message } = streamOutcome.error;
          record.error = { kind, code, message };
        }
        after.result = result;
        return afterResponse(after);
      }),
    );
    // A forwarded stream's last bytes wait for the session append, as the encoded ones do.
    if (outcome.forwarded && conversation.append) outcome.forwarded.holdTail = true;
    return { kind: 'stream', events: watched.events, forwarded: outcome.forwarded };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    if (record.deadlineMs !== undefined) addResponseHeaders(c, routingHeaders(record));
    if (c.req.raw.signal.aborted) record.cancelled = true;
    record.status = error.status;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    record.endedAt = Date.now();
    // A refusal by the limiter reserved nothing and reached no provider: nothing to settle or record.
    if (!refused) finish();
    throw error;
  } finally {
    responding();
  }
}

/** A non-stream hit filled by the same-dialect lane of this surface's dialect: the provider's own body again. */
function withCachedBody(output: PipelineOutput, cached: ForwardedBody | undefined, forward: ForwardBody | undefined): PipelineOutput {
  if (output.kind !== 'result' || !cached || cached.dialect !== forward?.dialect) return output;
  return { ...output, forwarded: { kind: 'result', contentType: 'application/json', body: cached.body } };
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
  // A host that reports no usage: the text, to count it with a tokenizer where one applies.
  if (!result.usage) record.outputText = resultTexts(result);
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
