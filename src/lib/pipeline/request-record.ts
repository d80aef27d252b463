/**
 * What happened to one request, filled in along the pipeline and handed to the after-response
 * steps (limiter settlement, usage accounting, archive, cache fill, session append).
 * It never holds credentials.
 */
import type { ExchangeCapture } from '../archive/capture';
import type { ChatRequest, FinishReason, Usage } from '../canonical';
import type { Surface } from '../http/context';
import type { TraceContext } from '../telemetry/trace-context';

export interface AttemptRecord {
  provider: string;
  model: string;
  startedAt: number;
  endedAt?: number;
  /** Upstream HTTP status; 0 for a network failure or timeout. */
  status: number;
  errorCode?: string | null;
  retryable?: boolean;
  /** Wait before this attempt (backoff or the provider's retry hint), in ms. */
  delayMs?: number;
  /** When the attempt had its first byte: the result, or a stream's first content event. */
  firstByteAt?: number;
}

export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';

export interface RequestRecord {
  requestId: string;
  keyId: string;
  surface: Surface;
  endpoint: 'chat' | 'messages' | 'responses' | 'embeddings' | 'count_tokens';
  requestedModel: string;
  stream: boolean;
  receivedAt: number;
  firstByteAt?: number;
  endedAt?: number;
  attempts: AttemptRecord[];
  /** The route (alias) that chose the targets, when one did. */
  route?: string;
  /** Targets passed over because their circuit breaker was open (`provider/model`). */
  skippedTargets?: string[];
  /** The request's total deadline in ms (config default, or the caller's capped header). */
  deadlineMs?: number;
  /** The target that produced the response. */
  provider?: string;
  model?: string;
  /** Status sent to the client (200 for a stream that started, even if it later failed). */
  status: number;
  usage?: Usage;
  finishReason?: FinishReason;
  error?: { kind: string; code: string | null; message: string };
  cancelled?: boolean;
  cache: CacheStatus;
  /** Caller tags (`metadata` of the request), for usage grouping. */
  tags?: Record<string, string>;
  /**
   * Prompt tokens estimated for admission before any call: what a request cancelled while the
   * provider was still working on it is billed (the provider read the prompt, but reported nothing).
   */
  estimatedPromptTokens?: number;
  /** Characters of prompt text, to estimate input tokens when the provider reports no usage. */
  promptChars?: number;
  /** Characters generated, to estimate output tokens when the provider reports no usage. */
  outputChars?: number;
  /** The request as sent (after session and template), to count its tokens when the provider reports no usage. */
  prompt?: ChatRequest;
  /** Text generated (kept for OpenAI-family models, capped), to count output tokens when the provider reports none. */
  outputText?: string[];
  /** W3C trace context: the request's span and its caller's parent (for span export). */
  trace?: TraceContext;
  /** Sampling parameters the caller asked for, as trace attributes. */
  requestParams?: { maxTokens?: number; temperature?: number };
  /** The key opted in to content on its trace spans: `prompt` and the result go on them (telemetry/span-content.ts). */
  traceContent?: boolean;
  /** Refused by the gateway itself before any provider call (archived, never accounted). */
  rejected?: boolean;
  /** Request fields dropped on the way to the provider that served it (docs/fidelity.md). */
  droppedParams?: string[] | undefined;
  /** The raw exchange captured for the archive (absent when the key's requests are not archived). */
  exchange?: ExchangeCapture;
}
