/**
 * `POST /v1/responses` end to end, between validation and the wire: resolve the conversation
 * (stored context, item references), translate to the canonical request, run the shared chat
 * pipeline, and answer as a `response` object or a Responses stream; `store` (default true)
 * keeps the response for the calling key before the caller sees it complete.
 */
import type { Context } from 'hono';
import { fidelityFor, strictRefusal } from '../../lib/fidelity/dropped-params';
import type { AppEnv } from '../../lib/http/context';
import { GatewayError, invalidRequest } from '../../lib/http/errors';
import { runChatPipeline } from '../../lib/pipeline/chat-pipeline';
import { someTargetSpeaks } from '../../lib/pipeline/forwardable-request';
import { surfaceStreamResponse } from '../../lib/pipeline/surface-stream';
import { saveResponse } from '../../lib/stored-responses/store';
import type { ForwardedStream } from '../../lib/streams/forwarded-stream';
import { resolveInput } from './conversation';
import type { ResponseContext } from './envelope';
import { encodeResponsesStreamError, type LaneStore, storeForwarded, terminalResponse, withResponsesForward } from './forward';
import { responseIdFor } from './ids';
import { type OutputItem, visibleResponse } from './items';
import { droppedFields, rejectUnsupported, toCanonicalRequest } from './request';
import { Include, type ResponsesRequest } from './request-schema';
import { toResponseObject } from './response';
import { responsesStreamEncoder } from './stream';
import { toCanonicalMessages } from './to-messages';

/**
 * `body`: the client's JSON as parsed, forwarded as written when a target serves the Responses
 * API itself (the same-dialect lane, ./forward.ts); `request` is its validated reading.
 */
export async function handleResponsesRequest(
  c: Context<AppEnv>,
  request: ResponsesRequest,
  body: Record<string, unknown>,
): Promise<Response> {
  if (request.input === undefined && !request.previous_response_id) {
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  const keyId = c.get('key').id;
  const id = responseIdFor(c.get('requestId'));
  const forwardable = someTargetSpeaks(c, request.model, 'openai-responses');
  // What only translation refuses (a tool_choice it cannot map, `conversation`, `prompt`) goes
  // through the lane as written; a translated target gets the 400 instead of a call.
  let refused: GatewayError | undefined;
  try {
    rejectUnsupported(request);
  } catch (error) {
    if (!forwardable || !(error instanceof GatewayError) || error.param === 'background') throw error;
    refused = error;
  }
  const resolved = await resolveInput(c.env, keyId, request, id, forwardable);
  const translatable = refused ? { ...request, tool_choice: undefined } : request;
  const canonical = toCanonicalRequest(translatable, toCanonicalMessages(resolved.items, request.instructions));
  // Named only when the request is translated: the same-dialect lane forwards them. A strict
  // caller is refused only where they would be dropped (a translated target), as on chat.
  const dropped = droppedFields(request);
  const fidelity = fidelityFor(c);
  const [firstDropped] = dropped;
  let untranslatable = refused ?? resolved.untranslatable;
  if (forwardable && fidelity.strict && firstDropped !== undefined) untranslatable ??= strictRefusal(firstDropped);
  else fidelity.surfaceDropped(dropped, (path) => strictRefusal(path));
  const pipelineRequest = forwardable ? withResponsesForward(c, canonical, body, { ...resolved, untranslatable }) : canonical;

  const context: ResponseContext = {
    id,
    createdAt: Math.floor(c.get('receivedAt') / 1000),
    request,
    firstOutputSeq: resolved.input.length,
    // Without the store, the reasoning state can only come back through the client.
    withEncrypted: (request.include ?? []).includes(Include.encryptedReasoning) || request.store === false,
  };
  const store =
    request.store === false
      ? undefined
      : (response: Record<string, unknown> & { id: string; output: OutputItem[] }) =>
          saveResponse(c.env, keyId, { response, input: resolved.input, context: resolved.context });
  const laneStore: LaneStore | undefined = store && { keyId, input: resolved.input, context: resolved.context };

  if (request.stream) {
    let forwarded: ForwardedStream | undefined;
    const output = runChatPipeline(c, pipelineRequest, 'responses').then((out) => {
      if (out.kind !== 'stream' || !out.forwarded) return out;
      const lane = out.forwarded;
      forwarded = lane;
      if (!laneStore) return out;
      // Stored before the client reads the terminal event, as on the translated path.
      lane.holdTail = true;
      const storing = new TransformStream({
        flush: () => storeForwarded(c.env, laneStore, terminalResponse(lane.lastMessage), lane.target, body).catch(logStoreFailure),
      });
      return { ...out, events: out.events.pipeThrough(storing) };
    });
    return surfaceStreamResponse(c, output, {
      encoder: () => responsesStreamEncoder({ context, onComplete: store }),
      encodeError: encodeResponsesStreamError(() => forwarded),
      model: request.model,
    });
  }
  const output = await runChatPipeline(c, pipelineRequest, 'responses');
  if (output.kind === 'stream') throw new Error('a stream for a non-stream request');
  if (output.forwarded) {
    if (laneStore) {
      await storeForwarded(c.env, laneStore, parseJson(output.forwarded.body), output.forwarded.target, body).catch(logStoreFailure);
    }
    return c.body(output.forwarded.body, 200, { 'content-type': output.forwarded.contentType ?? 'application/json' });
  }
  const response = toResponseObject(output.result, context);
  await store?.(response);
  return c.json(visibleResponse(response, context.withEncrypted));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer is complete and correct; only its storage failed. Say so in the log, not to the client. */
function logStoreFailure(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'warn', step: 'responses-store', error: reason }));
}
