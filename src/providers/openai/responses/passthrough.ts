/**
 * The same-dialect lane for the Responses surface (DESIGN.md, Fidelity): a `/v1/responses`
 * request whose target serves the Responses API natively goes upstream as the client wrote it,
 * with only the gateway's own edits, and the answer comes back byte for byte
 * (lib/pipeline/same-dialect.ts runs it, as for chat completions and messages). The edits:
 *  - `model` → the upstream id (Azure: the deployment name, which the Responses API takes as `model`);
 *  - the messages the gateway puts before the client's (rendered template, session history, a
 *    conversation rebuilt from the gateway's store when `previous_response_id` cannot go
 *    through): leading system messages join `instructions`, the rest go before `input`;
 *  - a route's per-target overrides (`max_tokens` → `max_output_tokens`);
 *  - model-aware parameters: a reasoning model gets none of the sampling parameters it refuses,
 *    named as dropped.
 * Everything else, unknown fields, built-in tools and `previous_response_id` included, passes,
 * with unchanged values keeping their identity (so the client's own text is sent when only the
 * model changed). The answer is read alongside with the same Responses decoder and parser the
 * translated path uses (stream.ts, response.ts).
 */
import type { ChatMessage } from '../../../lib/chat-request-schema';
import { requiresResponsesApi } from '../../../lib/models/model-info';
import type { ForwardEdits, ForwardRequestSpec, Target } from '../../types';
import { forwardedHeaders } from '../forward';
import { isReasoningModel } from '../reasoning-models';
import { toResponsesInput } from './input';
import type { ResponsesEndpoint } from './request';

/** Sampling parameters the Responses API refuses for reasoning models. */
const REASONING_REFUSES = ['temperature', 'top_p', 'top_logprobs'] as const;

/**
 * Whether `POST /responses` can go to this target as it is. A configured `api` decides
 * (`chat` means the operator wants chat completions, so the Responses surface translates);
 * else hosts known to serve it (`responsesApi` in the provider catalog) and Responses-only models.
 */
export function servesResponsesApi(target: Target): boolean {
  const configured = target.options.modelApis?.[target.model] ?? target.options.api;
  if (configured) return configured === 'responses';
  return target.options.responsesApi === true || requiresResponsesApi(target.provider, target.model);
}

/** Whether the host keeps stored responses and continues from `previous_response_id` (catalog `responsesStore`). */
export function keepsResponsesState(target: Target): boolean {
  return servesResponsesApi(target) && target.options.responsesStore === true;
}

/** The gateway's messages before the client's `input`: `instructions` and items. */
function withPrefix(out: Record<string, unknown>, body: Readonly<Record<string, unknown>>, prefix: ChatMessage[]): void {
  if (prefix.length === 0) return;
  const { instructions, input } = toResponsesInput(prefix);
  if (instructions !== undefined) {
    out.instructions =
      typeof body.instructions === 'string' && body.instructions !== '' ? `${instructions}\n\n${body.instructions}` : instructions;
  }
  const own = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  if (input.length > 0) out.input = [...input, ...own];
}

/** Route overrides use canonical (chat) names; the Responses API names its token limit differently. */
function withOverrides(out: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(overrides)) {
    if (name === 'max_tokens' || name === 'max_completion_tokens') out.max_output_tokens = value;
    else out[name] = value;
  }
}

export function forwardResponsesRequest(
  body: Readonly<Record<string, unknown>>,
  edits: ForwardEdits,
  target: Target,
  endpoint: ResponsesEndpoint,
): ForwardRequestSpec {
  const out: Record<string, unknown> = { ...body };
  withOverrides(out, edits.overrides);
  withPrefix(out, body, edits.prefix);
  const dropped: string[] = [];
  if (isReasoningModel(target)) {
    for (const name of REASONING_REFUSES) {
      if (out[name] == null) continue;
      delete out[name];
      dropped.push(name);
    }
  }
  out.model = target.model;
  return {
    url: endpoint.url,
    // Credentials last (in the endpoint's headers): a forwarded header can never replace them.
    headers: { ...forwardedHeaders(edits), ...endpoint.headers },
    body: out,
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}
