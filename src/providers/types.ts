import type { ChatRequest, ChatResult, ChatStreamEvent, Usage } from '../lib/canonical';
import type { ChatMessage } from '../lib/chat-request-schema';
import type { ErrorKind } from '../lib/http/errors';
import type { ModelOverride } from '../lib/models/model-catalog';

/** The adapter families. OpenAI-compatible hosts are the `openai` adapter with options. */
export type AdapterKind = 'openai' | 'anthropic' | 'gemini' | 'azure';

/** One server-sent event as parsed by `eventsource-parser`. */
export interface SseMessage {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

export type Emit = (event: ChatStreamEvent) => void;

/**
 * Per-stream state machine: provider SSE messages in, canonical events out.
 * One instance per response; `end` runs once when the upstream body is exhausted.
 */
export interface StreamDecoder {
  onMessage(message: SseMessage, emit: Emit): void;
  onEnd(emit: Emit): void;
}

/** Which OpenAI API serves a chat request: chat completions or the Responses API. */
export type OpenAIApi = 'chat' | 'responses';

/** Quirks of an OpenAI-compatible host, set in the provider catalog or SWITCHBOARD_CONFIG. */
export interface OpenAICompatibleOptions {
  /** The API for every model of this provider (SWITCHBOARD_CONFIG `api`); unset → the model catalog decides. */
  api?: OpenAIApi;
  /** Per-model overrides of `api` (SWITCHBOARD_CONFIG `api["provider/model"]`). */
  modelApis?: Record<string, OpenAIApi>;
  /** Per-model limits and capabilities over the vendored dataset (SWITCHBOARD_CONFIG `models["provider/model"]`). */
  models?: Record<string, ModelOverride>;
  /** The host serves `POST /responses` (OpenAI, Azure, xAI, OpenRouter, Groq): the Responses surface may forward as is. */
  responsesApi?: boolean;
  /** The host counts prompts at `POST /responses/input_tokens` (OpenAI itself). */
  inputTokensApi?: boolean;
  /**
   * The host keeps the responses it serves (`store`) and continues from `previous_response_id`
   * (OpenAI, Azure, xAI): a next turn sent back to the same host and credential passes the id through.
   */
  responsesStore?: boolean;
  /** Send `stream_options.include_usage` (default true; some self-hosted servers reject it). */
  streamUsage?: boolean;
  /** Header used for the credential: `authorization` (Bearer, default) or e.g. `api-key`. */
  authHeader?: string;
  /**
   * Serves many vendors' models under ids the gateway cannot recognise (OpenRouter's
   * `meta-llama/…`, self-hosted names): as the default provider it takes unknown bare ids.
   */
  aggregator?: boolean;
}

export interface AzureOptions {
  apiVersion: string;
}

/** Where and how one attempt is sent. Built by the router from config; never from caller input. */
export interface Target {
  /** Configured provider id, e.g. `openai`, `deepseek`, `my-vllm`. */
  provider: string;
  adapter: AdapterKind;
  /** Model id as the provider knows it (Azure: the deployment name). */
  model: string;
  baseUrl: string;
  /** Absent for keyless self-hosted servers. */
  apiKey?: string | undefined;
  /** `apiKey` is the caller's own credential (BYOK), so a rejection is reported as theirs. */
  callerCredential?: boolean;
  options: OpenAICompatibleOptions & Partial<AzureOptions>;
}

/** What a provider's error body says, before the shared handler decides status and safety. */
export interface ParsedUpstreamError {
  /** Provider message; the shared handler decides whether a caller may see it. */
  message: string;
  kind?: ErrorKind;
  code?: string | null;
  param?: string | null;
  /** Provider's retry hint, normalised to milliseconds. */
  retryAfterMs?: number;
}

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
  user?: string;
}

export interface EmbeddingsResult {
  model: string;
  /** Always floats inside the gateway; the surface encodes base64 when asked. */
  data: { index: number; embedding: number[] }[];
  /** Absent when the provider reports none (Gemini); the pipeline then estimates it. */
  usage?: Usage;
}

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Request fields this target cannot honour and left out (paths, e.g. `logprobs`): named to the caller. */
  dropped?: string[];
}

/** Wire dialects a surface speaks and an adapter may take as is (the same-dialect lane). */
export type Dialect = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

/** The gateway's own edits to a body forwarded in its client's dialect (lib/pipeline/same-dialect.ts). */
export interface ForwardEdits {
  /** Canonical messages the gateway puts before the client's: rendered template, session history. */
  prefix: ChatMessage[];
  /** A route's per-target overrides, canonical names (`max_tokens`, `temperature`, …). */
  overrides: Readonly<Record<string, unknown>>;
  /** The caller's allow-listed semantic headers (`anthropic-beta`, …), lowercased names. */
  headers: Readonly<Record<string, string>>;
}

/** A forwarded request: the body stays an object so the lane can tell what the adapter changed. */
export interface ForwardRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Fields the target cannot take, left out by the adapter's own edit (a reasoning model's sampling parameters). */
  dropped?: string[];
  /**
   * A stream event (its raw text block) that only the gateway's own edit produced, e.g. the
   * usage chunk the gateway asked for and the client did not: held back from the client.
   */
  hideEvent?: (block: string) => boolean;
}

/**
 * The same-dialect lane for the Responses surface (OpenAI-family adapters only): a Responses
 * body forwarded with only the gateway's edits, read alongside. See
 * providers/openai/responses/passthrough.ts and docs/responses-upstream.md.
 */
export interface ResponsesRole {
  /** Whether this target takes `POST /responses` natively (else the surface translates). */
  serves(target: Target): boolean;
  /** Whether this target keeps stored responses, so `previous_response_id` may go to it as is. */
  keepsState(target: Target): boolean;
  /** The client's Responses body with only the gateway's edits (model, session prefix, overrides). */
  forwardRequest(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec;
  /** Canonical reading of the JSON answer (usage, cache, sessions); the client gets the bytes. */
  parseResponse(body: unknown): ChatResult;
  /** Decoder for observing forwarded stream bytes (the same one the translated path uses). */
  createStreamDecoder(): StreamDecoder;
}

/**
 * The roles only the embeddings and token-count endpoints use, apart from the adapter
 * (`<provider>/auxiliary.ts`, auxiliary-registry.ts): those endpoints are loaded on first use,
 * and the request path, which imports the adapters, does not carry their code (issue 15).
 */
export interface AuxiliaryRoles {
  embeddings?: {
    buildRequest(request: EmbeddingsRequest, target: Target): HttpRequestSpec;
    parseResponse(body: unknown, target: Target): EmbeddingsResult;
  };
  /** The provider's own exact prompt count (free to call), where it has one. */
  countTokens?: {
    /** Whether this target serves the counting endpoint (absent: every target of the adapter). */
    serves?(target: Target): boolean;
    buildRequest(request: ChatRequest, target: Target): HttpRequestSpec;
    parseResponse(body: unknown): number;
  };
}

export interface ProviderAdapter {
  readonly kind: AdapterKind;
  chat: {
    buildRequest(request: ChatRequest, target: Target): HttpRequestSpec;
    parseResponse(body: unknown, target: Target): ChatResult;
    createStreamDecoder(target: Target): StreamDecoder;
    /** The dialect this adapter's upstream speaks, when a client body in it can be forwarded as is. */
    dialect?: Dialect;
    /** Whether this target runs OpenAI's built-in tools (an OpenAI Responses upstream); absent: no. */
    runsBuiltInTools?(target: Target): boolean;
    /** Whether this target takes a body in `dialect` as is (absent: yes); a Responses-only OpenAI model does not. */
    forwards?(target: Target): boolean;
    /**
     * The client's body with only the gateway's edits: upstream model id, `edits`, usage
     * requested, gateway-only fields removed. Unchanged parts keep their object identity.
     */
    forwardRequest?(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec;
  };
  /** Present on adapters whose hosts can serve OpenAI's Responses API. */
  responses?: ResponsesRole;
  parseError(status: number, body: string, headers: Headers): ParsedUpstreamError;
  /** A free, cheap authenticated GET (e.g. the model list) that proves a credential works. */
  buildProbeRequest?(target: Target): { url: string; headers: Record<string, string> };
}
