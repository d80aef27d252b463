/**
 * The same-dialect lane for OpenAI and every OpenAI-compatible host: a `/v1/chat/completions`
 * body goes upstream as the client wrote it. The only edits are the gateway's own:
 *  - `model` → the upstream id (Azure: removed, the deployment is in the URL);
 *  - template / session messages put in front of the client's;
 *  - a route's per-target overrides (same names on this wire);
 *  - `stream_options.include_usage` on streams, so usage is never lost (unless the host is
 *    configured with `streamUsage: false`); when the client did not ask, the usage-only chunk
 *    this adds is held back from it (`hideEvent`), as the translated lane does;
 *  - the gateway's own message extensions (`thinking_blocks`, `reasoning_content`, tool-call
 *    and message-level `signature`) removed, as on the translated lane: hosts reject them;
 *  - model-aware parameters (reasoning-models.ts): a reasoning model gets `max_completion_tokens`
 *    and none of the sampling parameters it refuses, named as dropped.
 * Everything else, unknown fields included, passes. Unchanged values keep their identity.
 */
import type { ForwardEdits, ForwardRequestSpec, Target } from '../types';
import { applyModelParameters } from './reasoning-models';
import { credentialHeaders, toWireMessage } from './request';

/** Semantic headers this dialect honours from the caller (never credentials). */
const FORWARDED = ['openai-beta'] as const;

function hasGatewayExtensions(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const record = message as Record<string, unknown>;
  if (record.role !== 'assistant') return false;
  if ('thinking_blocks' in record || 'reasoning_content' in record || 'signature' in record) return true;
  const calls = record.tool_calls;
  return Array.isArray(calls) && calls.some((call) => typeof call === 'object' && call !== null && 'signature' in call);
}

/** The edited body; `model` undefined removes it (Azure). */
export function forwardOpenAIBody(
  body: Readonly<Record<string, unknown>>,
  edits: ForwardEdits,
  target: Target,
  model: string | undefined,
  dropped: string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body, ...edits.overrides };
  applyModelParameters(out, target, dropped);
  if (model === undefined) delete out.model;
  else out.model = model;
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  const cleaned = messages.some(hasGatewayExtensions) ? messages.map((message) => toWireMessage(message as never)) : messages;
  if (edits.prefix.length > 0) out.messages = [...edits.prefix.map(toWireMessage), ...cleaned];
  else if (cleaned !== messages) out.messages = cleaned;
  const streamOptions = body.stream_options as Record<string, unknown> | null | undefined;
  if (body.stream === true && target.options.streamUsage !== false && streamOptions?.include_usage !== true) {
    out.stream_options = { ...streamOptions, include_usage: true };
  }
  return out;
}

export function forwardedHeaders(edits: ForwardEdits): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = edits.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The usage-only chunk (`choices: []`) that `include_usage` adds at the end of a stream. */
export function isUsageOnlyChunk(block: string): boolean {
  if (!/"choices"\s*:\s*\[\s*\]/.test(block)) return false;
  const data = block
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  try {
    const chunk = JSON.parse(data) as { choices?: unknown[]; usage?: unknown };
    return Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage != null;
  } catch {
    return false;
  }
}

/** The gateway asked for usage the client did not: its chunk is the gateway's, not the client's. */
export function usageHidden(body: Readonly<Record<string, unknown>>, edited: Record<string, unknown>): ForwardRequestSpec['hideEvent'] {
  const asked = (body.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true;
  const added = (edited.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  return added && !asked ? isUsageOnlyChunk : undefined;
}

export function forwardOpenAIRequest(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec {
  const dropped: string[] = [];
  const edited = forwardOpenAIBody(body, edits, target, target.model, dropped);
  const hideEvent = usageHidden(body, edited);
  return {
    ...(dropped.length > 0 ? { dropped } : {}),
    url: `${target.baseUrl}/chat/completions`,
    // Credentials last: a forwarded header can never replace them.
    headers: { 'content-type': 'application/json', ...forwardedHeaders(edits), ...credentialHeaders(target) },
    body: edited,
    ...(hideEvent ? { hideEvent } : {}),
  };
}
