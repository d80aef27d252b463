/**
 * The `response` object around the output: the request's settings echoed as OpenAI echoes them,
 * status, usage. Shared by the JSON answer, every lifecycle event of the stream and the store.
 */
import type { FinishReason, Usage } from '../../lib/canonical';
import type { ResponsesRequest } from './request-schema';

export interface ResponseContext {
  id: string;
  /** Seconds since epoch. */
  createdAt: number;
  request: ResponsesRequest;
  /** Number of input items: output item ids continue the sequence after them. */
  firstOutputSeq: number;
  /** Whether the caller sees `encrypted_content` on reasoning items. */
  withEncrypted: boolean;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export function toResponsesUsage(usage: Usage | undefined): ResponsesUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Status and `incomplete_details` for how the model stopped. */
export function finishStatus(reason: FinishReason | null | undefined): {
  status: ResponseStatus;
  incomplete_details: { reason: string } | null;
} {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export interface EnvelopeState {
  model: string;
  status: ResponseStatus;
  output: unknown[];
  usage?: Usage | undefined;
  incompleteDetails?: { reason: string } | null;
  error?: { code: string; message: string } | null;
  completedAt?: number | null;
  serviceTier?: string | null | undefined;
}

export function responseObject(context: ResponseContext, state: EnvelopeState): Record<string, unknown> & { id: string } {
  const { request } = context;
  return {
    id: context.id,
    object: 'response',
    created_at: context.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    model: state.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: state.serviceTier ?? request.service_tier ?? 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: toResponsesUsage(state.usage),
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}
