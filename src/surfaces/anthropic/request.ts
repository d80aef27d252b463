/**
 * Anthropic Messages request → the canonical request (OpenAI chat shape), validated by the
 * canonical schema so every provider adapter receives the one shape it was written for.
 *
 * Mapped: system → a leading system message; stop_sequences → stop; metadata.user_id → user;
 * tool_choice any → required, tool → named function, none → none; disable_parallel_tool_use →
 * parallel_tool_calls false; thinking → the canonical `thinking` extension; service_tier
 * standard_only → default. `cache_control` is accepted and dropped here: OpenAI-style providers
 * cache prompts automatically. To Anthropic the body goes on the same-dialect lane, breakpoints
 * and all (lib/pipeline/same-dialect.ts).
 * Newer fields (reasoning.ts): `role: "system"` entries in `messages` join the system prompt;
 * adaptive thinking and `output_config.effort` → `reasoning_effort`; `output_config.format`
 * (or `output_format`) → `response_format` json_schema.
 */
import type { ChatRequest } from '../../lib/canonical';
import { type ChatMessage, type ChatTool, chatRequestSchema } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import { validate } from '../../lib/http/validation';
import { toCanonicalMessages } from './messages';
import { reasoningFor, responseFormatFor, systemEntries } from './reasoning';
import type { MessagesRequest } from './request-schema';

/** The canonical (OpenAI) request takes at most four stop sequences. */
export const MAX_STOP_SEQUENCES = 4;

function systemMessage(system: MessagesRequest['system']): ChatMessage[] {
  if (system === undefined || system === '' || (Array.isArray(system) && system.length === 0)) return [];
  if (typeof system === 'string') return [{ role: 'system', content: system }];
  return [{ role: 'system', content: system.map((block) => ({ type: 'text', text: block.text })) }];
}

function tools(request: MessagesRequest): ChatTool[] | undefined {
  if (!request.tools?.length) return undefined;
  return request.tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.input_schema,
    },
  }));
}

/** tool_choice and parallel_tool_calls; OpenAI-style providers refuse both when no tools are given. */
function toolChoice(request: MessagesRequest): Pick<ChatRequest, 'tool_choice' | 'parallel_tool_calls'> {
  const choice = request.tool_choice;
  if (!choice) return {};
  if (!request.tools?.length) {
    if (choice.type === 'any' || choice.type === 'tool') {
      throw invalidRequest(`tool_choice '${choice.type}' needs at least one tool in 'tools'.`, 'tool_choice.type');
    }
    return {};
  }
  const parallel = choice.type !== 'none' && choice.disable_parallel_tool_use === true ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    case 'tool':
      if (!request.tools.some((tool) => tool.name === choice.name)) {
        throw invalidRequest(`tool_choice names '${choice.name}', which is not in 'tools'.`, 'tool_choice.name');
      }
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
  }
}

export function toCanonicalRequest(request: MessagesRequest): ChatRequest {
  const stops = request.stop_sequences;
  if (stops && stops.length > MAX_STOP_SEQUENCES) {
    throw invalidRequest(
      `At most ${MAX_STOP_SEQUENCES} stop_sequences are supported by this gateway; got ${stops.length}.`,
      'stop_sequences',
    );
  }
  const canonical: Record<string, unknown> = {
    model: request.model,
    messages: [...systemMessage(request.system), ...systemEntries(request.messages), ...toCanonicalMessages(request.messages)],
    max_tokens: request.max_tokens,
    stop: stops?.length ? stops : undefined,
    temperature: request.temperature,
    top_p: request.top_p,
    top_k: request.top_k,
    stream: request.stream,
    tools: tools(request),
    ...toolChoice(request),
    ...reasoningFor(request),
    response_format: responseFormatFor(request),
    user: request.metadata?.user_id ?? undefined,
    service_tier: request.service_tier === undefined ? undefined : request.service_tier === 'auto' ? 'auto' : 'default',
  };
  for (const [name, value] of Object.entries(canonical)) if (value === undefined) delete canonical[name];
  return validate(chatRequestSchema, canonical);
}
