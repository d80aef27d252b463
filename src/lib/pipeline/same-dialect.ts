/**
 * The same-dialect lane: when a surface and its target speak the same wire dialect (Anthropic
 * messages → Anthropic, chat completions → OpenAI and compatible hosts, Azure, Responses → an
 * OpenAI-family host that serves the Responses API), the client's
 * body goes upstream as written, with only the gateway's own edits, and the provider's bytes
 * come back unchanged (lib/streams/forwarded-stream.ts), parsed alongside for usage, cache,
 * sessions and the archive. DESIGN.md "Fidelity": strict about what the gateway interprets,
 * faithful about the rest.
 *
 * How a surface plugs in (docs/routing.md "Same-dialect lane"): it builds the canonical request
 * it always built, attaches `ForwardBody` with `withForward`, and returns the forwarded bytes
 * when the pipeline hands back `forwarded`. An adapter plugs in by declaring `chat.dialect` and
 * implementing `chat.forwardRequest`, or (Responses) through its `responses` role. Nothing here
 * names a provider.
 *
 * The body rides on the canonical request under a symbol: every step that copies the request
 * (conversation, route overrides) carries it along, and no JSON encoding (cache key, translated
 * bodies) ever sees it.
 */
import type { Dialect, ForwardEdits, ForwardRequestSpec, ProviderAdapter, StreamDecoder, Target } from '../../providers/types';
import type { ChatRequest, ChatResult } from '../canonical';
import type { ChatMessage } from '../chat-request-schema';
import type { GatewayError } from '../http/errors';

export interface ForwardBody {
  dialect: Dialect;
  /** The client's body, parsed. Never mutated: each attempt builds its own copy. */
  body: Readonly<Record<string, unknown>>;
  /** The client's body as it arrived, so an unedited body is forwarded byte for byte. */
  text: string;
  /** The caller's allow-listed semantic headers. */
  headers: Record<string, string>;
  /** Messages of the surface's canonical request; the conversation step puts its own before them. */
  clientMessages: number;
  /**
   * Set when the body is valid for the gateway (what it interprets) but not for translation
   * (the strict schema): a target of another dialect gets this error instead of a call.
   */
  untranslatable?: GatewayError;
  /**
   * The body for one target, when it depends on the target (a Responses continuation keeps
   * `previous_response_id` only for the upstream that stored the previous response; elsewhere
   * the conversation the gateway stored goes before the client's input instead). Absent: `body`.
   */
  variantFor?(target: Target): Promise<ForwardVariant>;
}

export interface ForwardVariant {
  body: Readonly<Record<string, unknown>>;
  /** The body's text as it should go when unedited (the client's own, or the variant serialised). */
  text: string;
  /** Canonical messages the gateway puts before the client's, after its template and session ones. */
  prefix?: ChatMessage[];
}

/** What one adapter does with a body of one dialect: forward it, and read the answer alongside. */
export interface ForwardLane {
  forwardRequest(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec;
  parseResponse(json: unknown, target: Target): ChatResult;
  createStreamDecoder(target: Target): StreamDecoder;
}

const FORWARD = Symbol('same-dialect-body');
type Forwardable = ChatRequest & { [FORWARD]?: ForwardBody };

/** Semantic provider headers a caller may send through (never credentials). Adapters pick theirs. */
export const FORWARDED_HEADERS = ['anthropic-beta', 'anthropic-version', 'openai-beta'] as const;

export function withForward(request: ChatRequest, forward: ForwardBody): ChatRequest {
  return { ...request, [FORWARD]: forward } as Forwardable;
}

export function forwardOf(request: ChatRequest): ForwardBody | undefined {
  return (request as Forwardable)[FORWARD];
}

export function pickForwardedHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

/**
 * The lane of `adapter` for a body in `dialect` to `target`, when it takes the body as is:
 * Responses bodies through the adapter's `responses` role (a host that serves the Responses
 * API), chat and messages bodies through its `chat` role (same dialect, and the target forwards).
 */
export function laneFor(adapter: ProviderAdapter | undefined, dialect: Dialect, target: Target): ForwardLane | undefined {
  if (!adapter) return undefined;
  if (dialect === 'openai-responses') {
    const role = adapter.responses;
    if (!role?.serves(target)) return undefined;
    return {
      forwardRequest: role.forwardRequest,
      parseResponse: (json) => role.parseResponse(json),
      createStreamDecoder: () => role.createStreamDecoder(),
    };
  }
  const { chat } = adapter;
  if (chat.dialect !== dialect || !chat.forwardRequest || !(chat.forwards?.(target) ?? true)) return undefined;
  return { forwardRequest: chat.forwardRequest, parseResponse: chat.parseResponse, createStreamDecoder: chat.createStreamDecoder };
}

/** Whether `target` (through its adapter) takes a body in `dialect` as the client wrote it. */
export function speaks(adapter: ProviderAdapter | undefined, dialect: Dialect, target: Target): boolean {
  return laneFor(adapter, dialect, target) !== undefined;
}

export function forwardEdits(
  request: ChatRequest,
  forward: ForwardBody,
  overrides: Readonly<Record<string, unknown>> = {},
  restored: ChatMessage[] = [],
): ForwardEdits {
  const added = request.messages.length - forward.clientMessages;
  const prefix = added > 0 ? request.messages.slice(0, added) : [];
  return { prefix: restored.length > 0 ? [...prefix, ...restored] : prefix, overrides, headers: forward.headers };
}

/**
 * The bytes to send: the client's own text with only `model` replaced when the adapter changed
 * nothing else (same keys, same values by identity), else the edited body serialised.
 */
export function serializeForward(forward: Pick<ForwardBody, 'body' | 'text'>, edited: Record<string, unknown>): string {
  const original = forward.body;
  const keys = Object.keys(edited);
  const unchanged =
    typeof edited.model === 'string' &&
    keys.length === Object.keys(original).length &&
    keys.every((key) => key === 'model' || (Object.hasOwn(original, key) && edited[key] === original[key]));
  if (unchanged) {
    const spliced = replaceTopLevelString(forward.text, 'model', JSON.stringify(edited.model));
    if (spliced !== undefined) return spliced;
  }
  return JSON.stringify(edited);
}

/** Index just past the JSON string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x5c) index += 2;
    else if (char === 0x22) return index + 1;
    else index += 1;
  }
  return text.length;
}

/**
 * Replace the string value of every top-level `key` in a JSON object text (JSON keeps the
 * last of duplicate keys; replacing all means the upstream can never read another model).
 * Undefined when the key is absent or its value is not a string.
 */
export function replaceTopLevelString(text: string, key: string, encodedValue: string): string | undefined {
  const spans: [number, number][] = [];
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const end = stringEnd(text, index);
      if (depth === 1) {
        let next = end;
        while (/\s/.test(text[next] ?? '')) next += 1;
        if (text[next] === ':' && JSON.parse(text.slice(index, end)) === key) {
          next += 1;
          while (/\s/.test(text[next] ?? '')) next += 1;
          if (text[next] !== '"') return undefined;
          const valueEnd = stringEnd(text, next);
          spans.push([next, valueEnd]);
          index = valueEnd;
          continue;
        }
      }
      index = end;
      continue;
    }
    if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
    index += 1;
  }
  if (spans.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const [start, end] of spans) {
    out += text.slice(from, start) + encodedValue;
    from = end;
  }
  return out + text.slice(from);
}
