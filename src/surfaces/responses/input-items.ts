/**
 * Responses input items, validated one at a time so a mistake is a 400 naming `input.<index>…`.
 * Item objects are loose: clients echo output items back with fields the gateway does not read
 * (`status`, `annotations`, `logprobs`, `phase`), and those must not fail the request.
 * An item type the gateway cannot translate is a 400 naming it, never dropped.
 */
import { type GatewayError, invalidRequest } from '../../lib/http/errors';
import { issueToError } from '../../lib/http/validation';
import * as z from '../../lib/zod';

const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.nullish(z.string().check(z.minLength(1))),
  file_id: z.nullish(z.string().check(z.minLength(1))),
  detail: z.nullish(z.enum(['auto', 'low', 'high', 'original'])),
});
const inputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.nullish(z.string()),
  file_id: z.nullish(z.string()),
  filename: z.nullish(z.string()),
  file_url: z.nullish(z.string()),
});
const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const contentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, outputText, refusal]);
export type ContentPart = z.infer<typeof contentPart>;

const message = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
  id: z.nullish(z.string()),
});
const functionCall = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  arguments: z.string(),
  id: z.nullish(z.string()),
});
const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().check(z.minLength(1)),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))]),
  id: z.nullish(z.string()),
});
const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  id: z.nullish(z.string()),
  summary: z._default(z.array(z.looseObject({ type: z.string(), text: z.string() })), []),
  content: z.nullish(z.array(z.looseObject({ type: z.string(), text: z.string() }))),
  encrypted_content: z.nullish(z.string()),
});
const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string().check(z.minLength(1)) });

const schemas = {
  message,
  function_call: functionCall,
  function_call_output: functionCallOutput,
  reasoning,
  item_reference: itemReference,
} as const;

export type MessageInput = z.infer<typeof message>;
export type FunctionCallInput = z.infer<typeof functionCall>;
export type FunctionCallOutputInput = z.infer<typeof functionCallOutput>;
export type ReasoningInput = z.infer<typeof reasoning>;
export type ItemReferenceInput = z.infer<typeof itemReference>;
export type InputItem = MessageInput | FunctionCallInput | FunctionCallOutputInput | ReasoningInput | ItemReferenceInput;

function failure(param: string, issue: z.core.$ZodIssue | undefined): GatewayError {
  return issueToError(issue ? { ...issue, path: [...param.split('.'), ...issue.path] } : undefined);
}

/** Validate one raw item; `param` is where it sits in the request (`input.3`). */
export function parseInputItem(raw: unknown, param: string): InputItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRequest(`Invalid value for '${param}': an input item must be an object.`, param, 'invalid_type');
  }
  const record = raw as Record<string, unknown>;
  // An item with a role and no type is a message (EasyInputMessage).
  const type = record.type ?? (record.role !== undefined ? 'message' : undefined);
  if (typeof type !== 'string')
    throw invalidRequest(`Missing required parameter: '${param}.type'.`, `${param}.type`, 'missing_required_parameter');
  const schema = schemas[type as keyof typeof schemas];
  if (!schema) {
    throw invalidRequest(
      `Input items of type '${type}' are not supported by this gateway (it translates message, function_call, function_call_output, reasoning and item_reference items).`,
      `${param}.type`,
      'unsupported_input_item',
    );
  }
  const parsed = schema.safeParse({ ...record, type });
  if (!parsed.success) throw failure(param, parsed.error.issues[0]);
  return parsed.data;
}

/** `input` as a list of validated items (a string is one user message). */
export function parseInput(input: string | Record<string, unknown>[] | undefined): InputItem[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input.map((raw, index) => parseInputItem(raw, `input.${index}`));
}
