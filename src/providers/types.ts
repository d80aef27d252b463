import type { ChatRequest, ChatResult, ChatStreamEvent, Usage } from '../lib/canonical';
import type { ChatMessage } from '../lib/chat-request-schema';
import type { ErrorKind } from '../lib/http/errors';

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

/** Quirks of an OpenAI-compatible host, set in the provider catalog or SWITCHBOARD_CONFIG. */
export interface OpenAICompatibleOptions {
  /** Send `stream_options.include_usage` (default true; some self-hosted servers reject it). */
  streamUsage?: boolean;
  /** Header used for the credential: `authorization` (Bearer, default) or e.g. `api-key`. */
  authHeader?: string;
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
}

/** Wire dialects a surface speaks and an adapter may take as is (the same-dialect lane). */
export type Dialect = 'openai-chat' | 'anthropic-messages';

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
  /**
   * A stream event (its raw text block) that only the gateway's own edit produced, e.g. the
   * usage chunk the gateway asked for and the client did not: held back from the client.
   */
  hideEvent?: (block: string) => boolean;
}

export interface ProviderAdapter {
  readonly kind: AdapterKind;
  chat: {
    buildRequest(request: ChatRequest, target: Target): HttpRequestSpec;
    parseResponse(body: unknown, target: Target): ChatResult;
    createStreamDecoder(target: Target): StreamDecoder;
    /** The dialect this adapter's upstream speaks, when a client body in it can be forwarded as is. */
    dialect?: Dialect;
    /**
     * The client's body with only the gateway's edits: upstream model id, `edits`, usage
     * requested, gateway-only fields removed. Unchanged parts keep their object identity.
     */
    forwardRequest?(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec;
  };
  embeddings?: {
    buildRequest(request: EmbeddingsRequest, target: Target): HttpRequestSpec;
    parseResponse(body: unknown, target: Target): EmbeddingsResult;
  };
  parseError(status: number, body: string, headers: Headers): ParsedUpstreamError;
  /** A free, cheap authenticated GET (e.g. the model list) that proves a credential works. */
  buildProbeRequest?(target: Target): { url: string; headers: Record<string, string> };
}
