/**
 * OpenAI's built-in tools (`web_search`, `file_search`, `code_interpreter`, …) named in a
 * `/v1/responses` request. They have no equivalent in the canonical request: they ride beside it
 * (a symbol-keyed property, never serialised) to the one kind of target that runs them, an
 * OpenAI Responses upstream; every other target refuses the request with a 400 naming the tool.
 */
import type { ChatRequest } from './canonical';
import { invalidRequest } from './http/errors';

export interface BuiltInTool {
  type: string;
  /** Where the tool stood in the client's `tools`, for the error's `param`. */
  index: number;
  /** The tool as the client wrote it. */
  tool: Record<string, unknown>;
}

const BUILT_IN = Symbol('builtin-tools');
type WithBuiltIns = ChatRequest & { [BUILT_IN]?: BuiltInTool[] };

export function withBuiltInTools(request: ChatRequest, tools: BuiltInTool[]): ChatRequest {
  return tools.length > 0 ? ({ ...request, [BUILT_IN]: tools } as WithBuiltIns) : request;
}

export function builtInToolsOf(request: ChatRequest): BuiltInTool[] {
  return (request as WithBuiltIns)[BUILT_IN] ?? [];
}

/** The 400 for a target that cannot run the request's first built-in tool. */
export function builtInToolRefusal(tool: BuiltInTool, target: string): Error {
  return invalidRequest(
    `The built-in tool '${tool.type}' runs only on OpenAI's Responses API; '${target}' cannot run it.`,
    `tools.${tool.index}.type`,
    'unsupported_tool',
  );
}
