/**
 * `/v1/responses` on the same-dialect lane (lib/pipeline/same-dialect.ts): when the attempt's
 * target serves the Responses API (`adapter.responses.serves`), the client's body goes to it as
 * written, with only the gateway's edits, and the provider's bytes come back unchanged. Here:
 *  - the body each target gets: with `previous_response_id` untouched when that target is the
 *    upstream that stored the previous response (same provider and credential, a host that keeps
 *    responses); otherwise without it, the conversation rebuilt from the gateway's store going
 *    before the client's input (as for any other provider);
 *  - the answer stored for the key under the id the client saw (the provider's `resp_…`), with
 *    the upstream that holds it too;
 *  - the error event the gateway adds to a forwarded stream that fails after it started.
 */
import type { Context } from 'hono';
import type { ChatRequest } from '../../lib/canonical';
import type { AppEnv } from '../../lib/http/context';
import type { GatewayError } from '../../lib/http/errors';
import { rawBodyOf } from '../../lib/http/validation';
import { type ForwardVariant, pickForwardedHeaders, withForward } from '../../lib/pipeline/same-dialect';
import { saveItemAliases, saveResponse } from '../../lib/stored-responses/store';
import type { StoredItem, StoredUpstream } from '../../lib/stored-responses/types';
import { isStoredAt, upstreamOf } from '../../lib/stored-responses/upstream';
import type { ForwardedStream } from '../../lib/streams/forwarded-stream';
import { encodeSse } from '../../lib/streams/sse';
import { adapters } from '../../providers/registry';
import type { SseMessage, Target } from '../../providers/types';
import type { ResolvedInput } from './conversation';
import { toCanonicalMessages } from './to-messages';

/** The canonical request with the client's body attached for targets that serve the Responses API. */
export function withResponsesForward(
  c: Context<AppEnv>,
  canonical: ChatRequest,
  body: Record<string, unknown>,
  resolved: ResolvedInput,
): ChatRequest {
  const text = rawBodyOf(c.req.raw) ?? JSON.stringify(body);
  const previous = resolved.previous;
  let rebuilt: ForwardVariant | undefined;
  const variantFor = async (target: Target): Promise<ForwardVariant> => {
    const role = adapters[target.adapter]?.responses;
    if (role?.keepsState(target) && (await isStoredAt(previous?.upstream, target))) return { body, text };
    if (!rebuilt) {
      const { previous_response_id: _, ...rest } = body;
      const context = resolved.items.slice(0, resolved.contextItems);
      rebuilt = { body: rest, text: JSON.stringify(rest), prefix: toCanonicalMessages(context, undefined) };
    }
    return rebuilt;
  };
  return withForward(canonical, {
    dialect: 'openai-responses',
    body,
    text,
    headers: pickForwardedHeaders(c.req.raw.headers),
    clientMessages: canonical.messages.length,
    ...(resolved.untranslatable ? { untranslatable: resolved.untranslatable } : {}),
    ...(body.previous_response_id != null ? { variantFor } : {}),
  });
}

export interface LaneStore {
  keyId: string;
  input: StoredItem[];
  context: StoredItem[];
}

/** Where the provider keeps this response too: a host that keeps responses, asked to store it. */
async function upstreamFor(target: Target | undefined, body: Record<string, unknown>): Promise<StoredUpstream | undefined> {
  if (!target || body.store === false) return undefined;
  return adapters[target.adapter]?.responses?.keepsState(target) ? upstreamOf(target) : undefined;
}

/** Keep a forwarded `response` object for the key, under its own id. Only whole responses are kept. */
export async function storeForwarded(
  env: Env,
  store: LaneStore,
  response: unknown,
  target: Target | undefined,
  body: Record<string, unknown>,
): Promise<void> {
  if (typeof response !== 'object' || response === null) return;
  const object = response as Record<string, unknown>;
  if (typeof object.id !== 'string' || (object.status !== 'completed' && object.status !== 'incomplete')) return;
  const upstream = await upstreamFor(target, body);
  const output = Array.isArray(object.output) ? (object.output as { id?: unknown }[]) : [];
  // The provider minted every id here (they may look like the gateway's own: `msg_` + hex).
  const minted = output.flatMap((item) => (typeof item?.id === 'string' ? [item.id] : []));
  await Promise.all([
    saveResponse(env, store.keyId, {
      response: object as { id: string } & Record<string, unknown>,
      input: store.input,
      context: store.context,
      ...(upstream ? { upstream } : {}),
    }),
    saveItemAliases(env, store.keyId, object.id, minted),
  ]);
}

/** The `response` a stream's terminal event carries (`response.completed` / `.incomplete`). */
export function terminalResponse(message: SseMessage | undefined): unknown {
  if (!message || !/"type"\s*:\s*"response\.(completed|incomplete)"/.test(message.data)) return undefined;
  try {
    return (JSON.parse(message.data) as { response?: unknown }).response;
  } catch {
    return undefined;
  }
}

/**
 * The gateway's own error after a forwarded stream started (the upstream broke or went quiet):
 * an `error` event, which the openai SDK raises, numbered after the provider's last event.
 */
export function encodeResponsesStreamError(forwarded: () => ForwardedStream | undefined): (error: GatewayError) => string {
  return (error) => {
    let sequence = 0;
    try {
      const last = JSON.parse(forwarded()?.lastMessage?.data ?? '{}') as { sequence_number?: unknown };
      if (typeof last.sequence_number === 'number') sequence = last.sequence_number + 1;
    } catch {}
    const data = {
      type: 'error',
      code: error.code ?? 'server_error',
      message: error.message,
      param: error.param ?? null,
      sequence_number: sequence,
    };
    return encodeSse(JSON.stringify(data), 'error');
  };
}
