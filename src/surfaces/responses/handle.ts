/**
 * `POST /v1/responses` end to end, between validation and the wire: resolve the conversation
 * (stored context, item references), translate to the canonical request, run the shared chat
 * pipeline, and answer as a `response` object or a Responses stream; `store` (default true)
 * keeps the response for the calling key before the caller sees it complete.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context';
import { invalidRequest } from '../../lib/http/errors';
import { addResponseHeaders } from '../../lib/http/response-headers';
import { runChatPipeline } from '../../lib/pipeline/chat-pipeline';
import { saveResponse } from '../../lib/stored-responses/store';
import { SSE_HEADERS } from '../../lib/streams/sse';
import { resolveInput } from './conversation';
import type { ResponseContext } from './envelope';
import { responseIdFor } from './ids';
import { type OutputItem, visibleResponse } from './items';
import { droppedFields, rejectUnsupported, toCanonicalRequest } from './request';
import { Include, type ResponsesRequest } from './request-schema';
import { toResponseObject } from './response';
import { responsesStreamEncoder } from './stream';
import { toCanonicalMessages } from './to-messages';

/** Names the request fields a translated request could not carry (DESIGN.md, Fidelity). */
export const DROPPED_PARAMS_HEADER = 'x-switchboard-dropped-params';

export async function handleResponsesRequest(c: Context<AppEnv>, request: ResponsesRequest): Promise<Response> {
  rejectUnsupported(request);
  if (request.input === undefined && !request.previous_response_id) {
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  const keyId = c.get('key').id;
  const id = responseIdFor(c.get('requestId'));
  const resolved = await resolveInput(c.env, keyId, request, id);
  const canonical = toCanonicalRequest(request, toCanonicalMessages(resolved.items, request.instructions));
  const dropped = droppedFields(request);
  if (dropped.length) addResponseHeaders(c, { [DROPPED_PARAMS_HEADER]: dropped.join(',') });

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

  const output = await runChatPipeline(c, canonical, 'responses');
  if (output.kind === 'stream') {
    const encoder = responsesStreamEncoder({ context, onComplete: store });
    return new Response(output.events.pipeThrough(encoder), { headers: SSE_HEADERS });
  }
  const response = toResponseObject(output.result, context);
  await store?.(response);
  return c.json(visibleResponse(response, context.withEncrypted));
}
