/**
 * Responses request → the canonical request (OpenAI chat shape), validated by the canonical
 * schema so every provider adapter receives the one shape it was written for.
 *
 * Mapped: instructions → a leading system message; function tools, tool_choice (function,
 * allowed_tools) and parallel_tool_calls; text.format → response_format; text.verbosity →
 * verbosity (`medium`, the default, is not sent: a provider without the knob gives the same
 * answer); reasoning.effort → reasoning_effort; max_output_tokens → max_completion_tokens;
 * include message.output_text.logprobs (+ top_logprobs) → logprobs; temperature, top_p,
 * metadata, user, safety_identifier, prompt_cache_key, service_tier, stream.
 *
 * Refused with a 400 naming the field: `background: true`, built-in tools (they run only on
 * OpenAI's Responses upstream), `conversation` and `prompt` (server-side objects this gateway
 * does not hold). Dropped and named (`x-switchboard-dropped-params`): `truncation: "auto"`,
 * `max_tool_calls`, and any top-level field the gateway does not know. `reasoning.summary` needs
 * nothing: translated reasoning is always returned as a summary (when the provider returns any).
 * `store` is the gateway's own (stored responses), never sent upstream.
 */

import { type BuiltInTool, withBuiltInTools } from '../../lib/builtin-tools';
import type { ChatRequest } from '../../lib/canonical';
import { type ChatMessage, type ChatTool, chatRequestSchema } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { validate } from '../../lib/http/validation';
import { type FunctionTool, Include, KNOWN_FIELDS, type ResponsesRequest, type ToolChoice } from './request-schema';

/** Tool types OpenAI runs server-side; they cannot be translated to another provider. */
export const BUILT_IN_TOOLS = [
  'web_search',
  'web_search_preview',
  'file_search',
  'code_interpreter',
  'computer_use',
  'computer_use_preview',
  'mcp',
  'image_generation',
  'local_shell',
  'shell',
  'apply_patch',
  'custom',
] as const;

/** Top-level fields that need server-side state this gateway does not hold. */
const REFUSED_FIELDS = ['conversation', 'prompt'] as const;

/** Whether a tool is one the gateway cannot translate and does not know: dropped and named, not refused. */
function isUnknownTool(type: string): boolean {
  return type !== 'function' && !(BUILT_IN_TOOLS as readonly string[]).includes(type);
}

/**
 * The function tools, translated to every provider. Built-in tools go beside the canonical
 * request to an OpenAI Responses upstream (lib/builtin-tools.ts; any other target refuses them
 * with a 400 naming the tool); a tool type the gateway does not know is left out and named
 * (`droppedFields`), as any field without an equivalent is (docs/fidelity.md).
 */
function functionTools(request: ResponsesRequest): FunctionTool[] {
  return (request.tools ?? []).filter((tool) => tool.type === 'function') as FunctionTool[];
}

export function builtInTools(request: ResponsesRequest): BuiltInTool[] {
  return (request.tools ?? []).flatMap((tool, index) =>
    tool.type !== 'function' && !isUnknownTool(tool.type) ? [{ type: tool.type, index, tool: tool as Record<string, unknown> }] : [],
  );
}

function toChatTool(tool: FunctionTool): ChatTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    },
  };
}

function toolChoice(choice: ToolChoice | undefined, tools: FunctionTool[]): { tools: FunctionTool[]; choice?: ChatRequest['tool_choice'] } {
  if (choice === undefined) return { tools };
  if (typeof choice === 'string') return { tools, choice };
  if (choice.type === 'function' && typeof choice.name === 'string') {
    if (!tools.some((tool) => tool.name === choice.name)) {
      throw invalidRequest(`tool_choice names '${choice.name}', which is not in 'tools'.`, 'tool_choice.name');
    }
    return { tools, choice: { type: 'function', function: { name: choice.name } } };
  }
  if (choice.type === 'allowed_tools' && Array.isArray(choice.tools) && (choice.mode === 'auto' || choice.mode === 'required')) {
    const allowed = new Set(choice.tools.map((tool) => tool.name));
    return { tools: tools.filter((tool) => allowed.has(tool.name)), choice: choice.mode };
  }
  throw invalidRequest(`tool_choice of type '${choice.type}' is not supported by this gateway.`, 'tool_choice.type', 'unsupported_tool');
}

function responseFormat(request: ResponsesRequest): ChatRequest['response_format'] {
  const format = request.text?.format;
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.description ? { description: format.description } : {}),
      ...(format.strict != null ? { strict: format.strict } : {}),
    },
  };
}

/** Checks that need no conversation: refused fields and tools. Run before any upstream call. */
export function rejectUnsupported(request: ResponsesRequest): void {
  if (request.background === true) {
    throw invalidRequest(
      "Background responses ('background': true) are not supported by this gateway.",
      'background',
      'unsupported_parameter',
    );
  }
  for (const field of REFUSED_FIELDS) {
    if (request[field] != null) throw invalidRequest(`'${field}' is not supported by this gateway.`, field, 'unsupported_parameter');
  }
  functionTools(request);
  toolChoice(request.tool_choice, functionTools(request));
}

/** Fields of the request that the translated request cannot carry, by name. */
export function droppedFields(request: ResponsesRequest): string[] {
  const dropped = Object.keys(request).filter((name) => !KNOWN_FIELDS.has(name) && !(REFUSED_FIELDS as readonly string[]).includes(name));
  if (request.truncation === 'auto') dropped.push('truncation');
  (request.tools ?? []).forEach((tool, index) => {
    if (isUnknownTool(tool.type)) dropped.push(`tools.${index}`);
  });
  return dropped;
}

export function toCanonicalRequest(request: ResponsesRequest, messages: ChatMessage[]): ChatRequest {
  const picked = toolChoice(request.tool_choice, functionTools(request));
  const include = request.include ?? [];
  const logprobs = include.includes(Include.logprobs) || request.top_logprobs != null ? true : undefined;
  const verbosity = request.text?.verbosity === 'medium' ? undefined : request.text?.verbosity;
  const canonical: Record<string, unknown> = {
    model: request.model,
    messages,
    max_completion_tokens: request.max_output_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    top_p: request.top_p ?? undefined,
    logprobs,
    top_logprobs: logprobs ? (request.top_logprobs ?? undefined) : undefined,
    stream: request.stream ?? undefined,
    tools: picked.tools.length ? picked.tools.map(toChatTool) : undefined,
    tool_choice: picked.tools.length ? picked.choice : undefined,
    parallel_tool_calls: picked.tools.length ? (request.parallel_tool_calls ?? undefined) : undefined,
    response_format: responseFormat(request),
    verbosity: verbosity ?? undefined,
    reasoning_effort: request.reasoning?.effort ?? undefined,
    metadata: request.metadata ?? undefined,
    user: request.user ?? undefined,
    safety_identifier: request.safety_identifier ?? undefined,
    prompt_cache_key: request.prompt_cache_key ?? undefined,
    service_tier: request.service_tier ?? undefined,
  };
  for (const [name, value] of Object.entries(canonical)) if (value === undefined) delete canonical[name];
  return withBuiltInTools(validate(chatRequestSchema, canonical), builtInTools(request));
}
