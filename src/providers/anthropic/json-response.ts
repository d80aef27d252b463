/**
 * `response_format` on Anthropic. The Messages API (2023-06-01) has no JSON mode, so the
 * gateway asks for JSON the way Anthropic documents it: one tool whose input schema is the
 * requested schema, forced with `tool_choice`. The tool's input is then returned as the
 * message `content` (finish reason `stop`), never as a tool call.
 *
 * The response side recognises the tool by its reserved name, which callers may not use for
 * their own tools. Combining `response_format` with caller tools or with extended thinking
 * (which Anthropic forbids with a forced tool) is a 400.
 */
import type { ChatRequest } from '../../lib/canonical';
import { invalidRequest } from '../../lib/http/errors';

export const JSON_RESPONSE_TOOL = 'switchboard_json_response';

export interface JsonResponseTool {
  name: typeof JSON_RESPONSE_TOOL;
  description: string;
  input_schema: Record<string, unknown>;
}

/** The forced tool for a JSON `response_format`, or undefined for text. */
export function jsonResponseTool(request: ChatRequest, thinkingEnabled: boolean): JsonResponseTool | undefined {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  if (request.tools?.length || request.functions?.length) {
    throw invalidRequest(
      'Anthropic cannot combine response_format with tools: the gateway implements JSON output as a forced tool.',
      'response_format',
      'unsupported_parameter',
    );
  }
  if (thinkingEnabled) {
    throw invalidRequest(
      'Anthropic cannot combine response_format with extended thinking (a forced tool is not allowed while thinking).',
      'response_format',
      'unsupported_parameter',
    );
  }
  if (format.type === 'json_object') {
    return { name: JSON_RESPONSE_TOOL, description: 'Respond with a JSON object.', input_schema: { type: 'object' } };
  }
  const schema = format.json_schema.schema ?? { type: 'object' };
  if (schema.type !== 'object') {
    throw invalidRequest(
      'Anthropic can only produce a JSON object: response_format.json_schema.schema must have type "object".',
      'response_format.json_schema.schema',
      'unsupported_parameter',
    );
  }
  const purpose = format.json_schema.description ?? `Respond with a JSON object matching the '${format.json_schema.name}' schema.`;
  return { name: JSON_RESPONSE_TOOL, description: purpose, input_schema: schema };
}
