/**
 * Canonical (OpenAI chat) request → Anthropic Messages request, `POST {base}/v1/messages`.
 *
 * Parameters Anthropic has no equivalent for are left out and named in `spec.dropped` (the
 * caller sees them in `x-switchboard-dropped-params`, or a 400 when strict; docs/fidelity.md):
 * `n` > 1, `logprobs`, `top_logprobs`, `logit_bias`, non-zero `frequency_penalty` /
 * `presence_penalty`, `audio` / audio `modalities`, `prediction`, `web_search_options`,
 * `verbosity`, `service_tier` flex/scale/priority. A value out of Anthropic's range is still a
 * 400: `temperature` above 1 (Anthropic's range is 0–1; the gateway never rescales it).
 *
 * Ignored because they do not change what the model produces: `seed` (best effort even on
 * OpenAI), `store`, `metadata` (the gateway's own request tags), `prompt_cache_key`,
 * `stream_options` (the gateway always has stream usage), message `name`, image `detail`,
 * tool `strict`, and `reasoning_content` on assistant messages (unsigned reasoning cannot be
 * handed back to Anthropic; `thinking_blocks` carry the signed form).
 */
import type { ChatRequest } from '../../lib/canonical';
import type { ChatTool } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { modelInfo, targetModelInfo } from '../../lib/models/model-info';
import type { HttpRequestSpec, Target } from '../types';
import { JSON_RESPONSE_TOOL, jsonResponseTool } from './json-response';
import { convertMessages } from './messages';
import { hasUnsignedToolTurn } from './unsigned-tool-turn';

export const ANTHROPIC_VERSION = '2023-06-01';

/** `max_tokens` when the caller gave none and the model catalog does not know the model. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * `reasoning_effort` → thinking budget in tokens. 1024 is Anthropic's minimum budget; the
 * others double roughly per step, staying below the smallest catalog output limit (32k).
 */
export const THINKING_BUDGET = { minimal: 1024, low: 2048, medium: 8192, high: 16_384, xhigh: 24_576 } as const;

type Thinking = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };
type ToolChoice = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };
interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** Names of the parameters this request asks for that Anthropic has no equivalent for. */
function unsupportedParameters(request: ChatRequest): string[] {
  const dropped: string[] = [];
  if (request.n != null && request.n > 1) dropped.push('n');
  if (request.logprobs) dropped.push('logprobs');
  if (request.top_logprobs != null) dropped.push('top_logprobs');
  if (request.logit_bias && Object.keys(request.logit_bias).length > 0) dropped.push('logit_bias');
  if (request.frequency_penalty) dropped.push('frequency_penalty');
  if (request.presence_penalty) dropped.push('presence_penalty');
  if (request.audio) dropped.push('audio');
  if (request.modalities?.includes('audio')) dropped.push('modalities');
  if (request.prediction) dropped.push('prediction');
  if (request.web_search_options) dropped.push('web_search_options');
  if (request.verbosity) dropped.push('verbosity');
  if (request.service_tier && request.service_tier !== 'auto' && request.service_tier !== 'default') dropped.push('service_tier');
  return dropped;
}

function rejectOutOfRange(request: ChatRequest): void {
  if (request.temperature != null && request.temperature > 1) {
    throw invalidRequest(
      `Anthropic accepts temperature from 0 to 1; got ${request.temperature}. The gateway does not rescale it.`,
      'temperature',
      'invalid_value',
    );
  }
}

function thinkingFor(request: ChatRequest): Thinking | undefined {
  if (request.thinking) return request.thinking;
  const effort = request.reasoning_effort;
  if (!effort || effort === 'none') return undefined;
  return { type: 'enabled', budget_tokens: THINKING_BUDGET[effort] };
}

function maxTokensFor(request: ChatRequest, target: Target, budget: number): number {
  const requested = request.max_completion_tokens ?? request.max_tokens;
  if (requested != null) {
    if (requested <= budget) {
      const param = request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
      throw invalidRequest(`${param} (${requested}) must be greater than the thinking budget (${budget} tokens).`, param);
    }
    return requested;
  }
  // Claude on another host (Bedrock, Vertex, a custom provider) takes Anthropic's own limits.
  const limit = targetModelInfo(target)?.maxOutputTokens ?? modelInfo('anthropic', target.model)?.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  return limit > budget ? limit : budget + DEFAULT_MAX_TOKENS;
}

function toolsFor(request: ChatRequest): AnthropicTool[] | undefined {
  const definitions = request.tools?.map((tool: ChatTool) => tool.function) ?? request.functions;
  if (!definitions?.length) return undefined;
  return definitions.map((definition, index) => {
    if (definition.name === JSON_RESPONSE_TOOL) {
      throw invalidRequest(`The tool name '${JSON_RESPONSE_TOOL}' is reserved by the gateway.`, `tools[${index}].function.name`);
    }
    const tool: AnthropicTool = { name: definition.name, input_schema: definition.parameters ?? { type: 'object' } };
    if (definition.description) tool.description = definition.description;
    return tool;
  });
}

function toolChoiceFor(request: ChatRequest): ToolChoice | undefined {
  const choice = request.tool_choice ?? request.function_call;
  if (choice === undefined) return undefined;
  if (!request.tools?.length && !request.functions?.length) {
    throw invalidRequest("'tool_choice' is only allowed when 'tools' are given.", request.tool_choice ? 'tool_choice' : 'function_call');
  }
  if (choice === 'auto' || choice === 'none') return { type: choice };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: 'function' in choice ? choice.function.name : choice.name };
}

/** The JSON body sent to Anthropic (exported for tests); what it leaves out is pushed onto `dropped`. */
export function toAnthropicBody(request: ChatRequest, target: Target, dropped: string[] = []): Record<string, unknown> {
  rejectOutOfRange(request);
  dropped.push(...unsupportedParameters(request));
  const { system, messages } = convertMessages(request.messages);
  let thinking = thinkingFor(request);
  if (thinking?.type === 'enabled' && hasUnsignedToolTurn(messages)) {
    dropped.push(request.thinking ? 'thinking' : 'reasoning_effort');
    thinking = undefined;
  }
  const budget = thinking?.type === 'enabled' ? thinking.budget_tokens : 0;
  const body: Record<string, unknown> = { model: target.model, max_tokens: maxTokensFor(request, target, budget) };
  if (system.length) body.system = system;
  body.messages = messages;
  if (request.stop != null) body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.top_k != null) body.top_k = request.top_k;
  if (thinking) body.thinking = thinking;

  let tools: AnthropicTool[] | undefined = toolsFor(request);
  let toolChoice = toolChoiceFor(request);
  const jsonTool = jsonResponseTool(request, budget > 0);
  if (jsonTool) {
    tools = [jsonTool];
    toolChoice = { type: 'tool', name: jsonTool.name };
  }
  if (tools) {
    body.tools = tools;
    if (request.parallel_tool_calls === false && toolChoice?.type !== 'none') {
      body.tool_choice = { ...(toolChoice ?? { type: 'auto' }), disable_parallel_tool_use: true };
    } else if (toolChoice) {
      body.tool_choice = toolChoice;
    }
  }

  const user = request.safety_identifier ?? request.user;
  if (user) body.metadata = { user_id: user };
  if (request.service_tier === 'auto' || request.service_tier === 'default') {
    body.service_tier = request.service_tier === 'auto' ? 'auto' : 'standard_only';
  }
  if (request.stream) body.stream = true;
  return body;
}

export function buildAnthropicChatRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION };
  if (target.apiKey) headers['x-api-key'] = target.apiKey;
  const dropped: string[] = [];
  const body = JSON.stringify(toAnthropicBody(request, target, dropped));
  return { url: `${target.baseUrl}/v1/messages`, headers, body, dropped };
}
