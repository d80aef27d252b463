/**
 * OpenAI `tools` / `tool_choice` (and the legacy `functions` / `function_call`) → Gemini
 * `tools: [{ functionDeclarations }]` and `toolConfig.functionCallingConfig`.
 */
import type { ChatRequest } from '../../lib/canonical';
import { invalidRequest } from '../../lib/http/errors';
import { toGeminiSchema } from './schema';
import type { GeminiSchema } from './wire';

interface FunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

export interface GeminiTools {
  tools?: { functionDeclarations: FunctionDeclaration[] }[];
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'NONE' | 'ANY'; allowedFunctionNames?: string[] } };
}

type FunctionDefinition = NonNullable<ChatRequest['functions']>[number];

function declaration(definition: FunctionDefinition, param: string): FunctionDeclaration {
  const out: FunctionDeclaration = { name: definition.name };
  if (definition.description) out.description = definition.description;
  if (definition.parameters) {
    const parameters = toGeminiSchema(definition.parameters, `${param}.parameters`);
    // Gemini rejects an OBJECT with no properties; a function without arguments declares none.
    const empty = parameters.type === 'OBJECT' && Object.keys(parameters.properties ?? {}).length === 0;
    if (!empty) out.parameters = parameters;
  }
  return out;
}

export function toGeminiTools(request: ChatRequest): GeminiTools {
  const legacy = request.tools === undefined && request.functions !== undefined;
  const definitions = legacy ? (request.functions ?? []) : (request.tools ?? []).map((tool) => tool.function);
  const param = legacy ? 'functions' : 'tools';
  const choice = legacy ? request.function_call : request.tool_choice;
  const choiceParam = legacy ? 'function_call' : 'tool_choice';
  if (definitions.length === 0) {
    if (choice !== undefined && choice !== 'none') {
      throw invalidRequest(`'${choiceParam}' is only allowed when '${param}' are specified.`, choiceParam);
    }
    return {};
  }
  const result: GeminiTools = {
    tools: [
      {
        functionDeclarations: definitions.map((definition, index) =>
          declaration(definition, legacy ? `functions.${index}` : `tools.${index}.function`),
        ),
      },
    ],
  };
  if (choice === undefined) return result;
  if (choice === 'auto') result.toolConfig = { functionCallingConfig: { mode: 'AUTO' } };
  else if (choice === 'none') result.toolConfig = { functionCallingConfig: { mode: 'NONE' } };
  else if (choice === 'required') result.toolConfig = { functionCallingConfig: { mode: 'ANY' } };
  else {
    const name = 'function' in choice ? choice.function.name : choice.name;
    if (!definitions.some((definition) => definition.name === name)) {
      throw invalidRequest(`'${choiceParam}' names the function '${name}', which is not among '${param}'.`, choiceParam);
    }
    result.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  }
  return result;
}
