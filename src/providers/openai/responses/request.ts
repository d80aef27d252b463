/**
 * Canonical (chat) request → OpenAI Responses request, `POST {base}/responses` (Azure: its own
 * URL, same body). What maps:
 *
 * messages → `instructions` + `input` (input.ts) · tools → flat function tools (`strict`
 * false unless asked: the Responses API defaults it to true, chat to false) · tool_choice ·
 * parallel_tool_calls · response_format → `text.format` · verbosity → `text.verbosity` ·
 * reasoning_effort → `reasoning.effort` · `thinking` (gateway extension) → `reasoning.summary`
 * "auto" (and an effort from its budget) · max_tokens / max_completion_tokens →
 * `max_output_tokens` · logprobs / top_logprobs → `include` + `top_logprobs` · temperature,
 * top_p, user, safety_identifier, prompt_cache_key, metadata, service_tier, stream.
 *
 * `store` is false unless the caller set it (chat completions do not store by default; the
 * Responses API does), and reasoning models get `include: ["reasoning.encrypted_content"]` so
 * their reasoning survives the next turn without server-side state.
 *
 * No Responses equivalent, so a 400 naming the parameter: `n` > 1, `stop`, `logit_bias`,
 * non-zero `frequency_penalty` / `presence_penalty`, audio output, `prediction`,
 * `web_search_options` (use the Responses surface's `web_search` tool), `top_k`. Ignored as on
 * Anthropic: `seed` (best effort even on chat completions), `stream_options.include_usage`
 * (Responses streams always carry usage).
 */
import { builtInToolsOf } from '../../../lib/builtin-tools';
import type { ChatRequest } from '../../../lib/canonical';
import type { ChatTool } from '../../../lib/chat-request-schema';
import { invalidRequest } from '../../../lib/http/errors';
import { requiresResponsesApi, targetModelInfo } from '../../../lib/models/model-info';
import type { HttpRequestSpec, Target } from '../../types';
import { toResponsesInput } from './input';

/** Where a Responses request goes: OpenAI-style `{base}/responses`, or an Azure URL. */
export interface ResponsesEndpoint {
  url: string;
  headers: Record<string, string>;
}

const unsupported = (param: string, why = 'the OpenAI Responses API has no equivalent') =>
  invalidRequest(`The '${param}' parameter is not supported for this model (${why}).`, param, 'unsupported_parameter');

function rejectUnsupported(request: ChatRequest): void {
  if (request.n != null && request.n > 1) throw unsupported('n');
  const stop = request.stop;
  if (stop != null && (typeof stop === 'string' ? stop !== '' : stop.length > 0)) throw unsupported('stop');
  if (request.logit_bias && Object.keys(request.logit_bias).length > 0) throw unsupported('logit_bias');
  if (request.frequency_penalty) throw unsupported('frequency_penalty');
  if (request.presence_penalty) throw unsupported('presence_penalty');
  if (request.audio || request.modalities?.includes('audio')) throw unsupported(request.audio ? 'audio' : 'modalities', 'no audio output');
  if (request.prediction) throw unsupported('prediction');
  if (request.web_search_options) throw unsupported('web_search_options', "use the Responses API's web_search tool");
  if (request.top_k != null) throw unsupported('top_k');
}

/** Reasoning models return (and need back) encrypted reasoning; others reject the include. */
function isReasoningModel(request: ChatRequest, target: Target): boolean {
  if (request.reasoning_effort != null || request.thinking?.type === 'enabled') return true;
  if (targetModelInfo(target)?.capabilities?.includes('reasoning')) return true;
  return requiresResponsesApi(target.provider, target.model) || /^(o\d|gpt-5|codex)/.test(target.model);
}

function toTool(tool: ChatTool['function']): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: 'function',
    name: tool.name,
    parameters: tool.parameters ?? { type: 'object', properties: {} },
    strict: tool.strict ?? false,
  };
  if (tool.description !== undefined) out.description = tool.description;
  return out;
}

function toolChoice(request: ChatRequest): unknown {
  const choice = request.tool_choice;
  if (choice !== undefined) return typeof choice === 'string' ? choice : { type: 'function', name: choice.function.name };
  const legacy = request.function_call;
  if (legacy === undefined) return undefined;
  return typeof legacy === 'string' ? legacy : { type: 'function', name: legacy.name };
}

function textConfig(request: ChatRequest): Record<string, unknown> | undefined {
  const text: Record<string, unknown> = {};
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const { name, description, schema, strict } = format.json_schema;
    text.format = {
      type: 'json_schema',
      name,
      schema: schema ?? {},
      ...(description !== undefined ? { description } : {}),
      ...(strict != null ? { strict } : {}),
    };
  } else if (format) text.format = { type: format.type };
  if (request.verbosity != null) text.verbosity = request.verbosity;
  return Object.keys(text).length > 0 ? text : undefined;
}

function reasoningConfig(request: ChatRequest): Record<string, unknown> | undefined {
  const reasoning: Record<string, unknown> = {};
  if (request.reasoning_effort != null) reasoning.effort = request.reasoning_effort;
  if (request.thinking?.type === 'enabled') {
    const budget = request.thinking.budget_tokens;
    reasoning.effort ??= budget <= 2048 ? 'low' : budget <= 8192 ? 'medium' : 'high';
    reasoning.summary = 'auto';
  }
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

/** The Responses body for a canonical request; `model` is the upstream id (Azure: the deployment). */
export function toResponsesBody(request: ChatRequest, target: Target): Record<string, unknown> {
  rejectUnsupported(request);
  const { instructions, input } = toResponsesInput(request.messages);
  const body: Record<string, unknown> = { model: target.model };
  if (instructions !== undefined) body.instructions = instructions;
  body.input = input;
  const tools = [
    ...(request.tools ?? []).map((tool) => toTool(tool.function)),
    ...(request.functions ?? []).map(toTool),
    // OpenAI's built-in tools, as the client wrote them (a /v1/responses request; lib/builtin-tools.ts).
    ...builtInToolsOf(request).map((builtIn) => builtIn.tool),
  ];
  if (tools.length > 0) body.tools = tools;
  const choice = toolChoice(request);
  if (choice !== undefined) body.tool_choice = choice;
  if (request.parallel_tool_calls !== undefined) body.parallel_tool_calls = request.parallel_tool_calls;
  const text = textConfig(request);
  if (text) body.text = text;
  const reasoning = reasoningConfig(request);
  if (reasoning) body.reasoning = reasoning;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) body.max_output_tokens = maxTokens;
  for (const key of ['temperature', 'top_p', 'user', 'safety_identifier', 'prompt_cache_key', 'metadata', 'service_tier'] as const) {
    if (request[key] != null) body[key] = request[key];
  }
  body.store = request.store ?? false;
  const include: string[] = [];
  if (isReasoningModel(request, target)) include.push('reasoning.encrypted_content');
  if (request.logprobs) include.push('message.output_text.logprobs');
  if (include.length > 0) body.include = include;
  if (request.logprobs && request.top_logprobs != null) body.top_logprobs = request.top_logprobs;
  if (request.stream) {
    body.stream = true;
    const obfuscation = request.stream_options?.include_obfuscation;
    if (obfuscation !== undefined) body.stream_options = { include_obfuscation: obfuscation };
  }
  return body;
}

export function buildResponsesRequest(request: ChatRequest, target: Target, endpoint: ResponsesEndpoint): HttpRequestSpec {
  return { url: endpoint.url, headers: endpoint.headers, body: JSON.stringify(toResponsesBody(request, target)) };
}
