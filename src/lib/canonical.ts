/**
 * The gateway's one internal model. Inbound surfaces (OpenAI chat, Anthropic messages)
 * convert to and from it; provider adapters convert it to and from each provider's wire.
 *
 * The canonical *request* is the OpenAI Chat Completions request (validated by
 * `chat-request-schema.ts`), because it is the superset most callers already speak.
 * Results, stream events and usage have their own small types so that no surface or
 * provider has to read another's field names.
 */
import type { ChatRequest } from './chat-request-schema';

export type { ChatRequest };

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** Token usage in one vocabulary. `inputTokens` includes cached and cache-write tokens. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (priced as cache reads). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic cache creation). */
  cacheWriteTokens?: number;
  /** The part of `cacheWriteTokens` written with a 1-hour TTL (priced apart from 5-minute writes). */
  cacheWrite1hTokens?: number;
  /** Reasoning tokens; always included in `outputTokens` (adapters add them where the provider reports them apart). */
  reasoningTokens?: number;
  /** True when counted by the gateway because the provider reported none. */
  estimated?: boolean;
  /** How the gateway counted an estimated usage: OpenAI's BPE tokenizer, else ~4 characters per token. */
  countedBy?: 'tokenizer' | 'estimate';
}

/** A signed or redacted reasoning block that must be handed back to the provider next turn. */
export interface ReasoningBlock {
  type: 'thinking' | 'redacted_thinking';
  thinking?: string;
  signature?: string;
  /** Opaque payload of a redacted block. */
  data?: string;
}

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, exactly as the model produced it (never re-serialised). */
  arguments: string;
  /** Provider-specific opaque value that must be echoed back next turn (e.g. Gemini thoughtSignature). */
  signature?: string;
}

export interface ResultMessage {
  content: string | null;
  reasoning?: string;
  reasoningBlocks?: ReasoningBlock[];
  toolCalls?: ToolCall[];
  refusal?: string | null;
  /** Legacy OpenAI `function_call`. */
  functionCall?: { name: string; arguments: string };
}

export interface ResultChoice {
  index: number;
  message: ResultMessage;
  finishReason: FinishReason | null;
  /** The caller's stop sequence that ended the turn, when the provider says which (Anthropic). */
  stopSequence?: string;
  logprobs?: unknown;
}

/** A completed (non-streamed) chat result. */
export interface ChatResult {
  id: string;
  model: string;
  created: number;
  choices: ResultChoice[];
  usage?: Usage;
  systemFingerprint?: string | null;
  serviceTier?: string | null;
}

/**
 * Canonical stream events. A provider stream transform emits these; a surface encoder
 * turns them into the caller's wire format. `choice` is the OpenAI choice index (0 unless n > 1).
 * `index` on tool events is the tool call's position within the choice.
 */
export type ChatStreamEvent =
  | { type: 'start'; id: string; model: string; created: number; systemFingerprint?: string | null; serviceTier?: string | null }
  | { type: 'text-delta'; choice: number; text: string; logprobs?: unknown }
  | { type: 'reasoning-delta'; choice: number; text: string }
  /** Completes a reasoning block (signature, or a whole redacted block). */
  | { type: 'reasoning-block'; choice: number; block: ReasoningBlock }
  | { type: 'refusal-delta'; choice: number; text: string }
  | { type: 'tool-call-start'; choice: number; index: number; id: string; name: string; signature?: string }
  | { type: 'tool-call-delta'; choice: number; index: number; arguments: string }
  | { type: 'finish'; choice: number; reason: FinishReason; stopSequence?: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; error: import('./http/errors').GatewayError };

export type ChatStreamEventType = ChatStreamEvent['type'];
