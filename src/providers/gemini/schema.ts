/**
 * JSON Schema (OpenAI tool parameters, `response_format.json_schema`) → the OpenAPI subset
 * Gemini accepts. An allow-list: only the keywords below survive, so a schema is never
 * forwarded raw to fail upstream.
 *
 * - kept: type, format (where Gemini supports it), description, nullable, enum, properties,
 *   required, items, minItems/maxItems, minimum/maximum, minLength/maxLength, pattern,
 *   minProperties/maxProperties, anyOf (and `prefixItems` as `items.anyOf`);
 * - resolved: `$ref` into `$defs`/`definitions` inlined (cycles are a 400), `allOf` merged,
 *   `oneOf` → `anyOf`, `const` → one-value `enum`, `type: [X, "null"]` and null members of
 *   `anyOf` → `nullable`;
 * - dropped: everything else, notably `$schema`, `additionalProperties`, `default`,
 *   `examples`, `title`. Non-string `enum`/`const` values (Gemini's enums are strings) move
 *   into the description instead.
 */
import { invalidRequest } from '../../lib/http/errors';
import type { GeminiSchema } from './wire';

type JsonObject = Record<string, unknown>;

/** Inlining `$ref`s can multiply a schema; past this many nodes it is refused. */
const MAX_NODES = 5000;

const TYPES: Record<string, string> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};

/** The only formats Gemini accepts, per type. */
const FORMATS: Record<string, string[]> = { STRING: ['enum', 'date-time'], INTEGER: ['int32', 'int64'], NUMBER: ['float', 'double'] };

const NUMBER_KEYWORDS = ['minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'minProperties', 'maxProperties'] as const;

interface Walk {
  root: JsonObject;
  /** Response schemas: Gemini orders output properties alphabetically unless told the order. */
  orderProperties: boolean;
  /** `$ref`s being inlined on the current path, to detect cycles. */
  resolving: string[];
  nodes: number;
  param: string;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `param` names the request field the schema came from, for error messages. `orderProperties`
 * (for `responseSchema`) keeps the caller's property order in the output via `propertyOrdering`.
 */
export function toGeminiSchema(schema: JsonObject, param: string, options: { orderProperties?: boolean } = {}): GeminiSchema {
  return convert(schema, { root: schema, orderProperties: options.orderProperties === true, resolving: [], nodes: 0, param });
}

function convert(input: unknown, walk: Walk): GeminiSchema {
  walk.nodes += 1;
  if (walk.nodes > MAX_NODES)
    throw invalidRequest(`The JSON schema in '${walk.param}' is too large once its $refs are inlined.`, walk.param);
  if (input === true) return {};
  if (!isObject(input))
    throw invalidRequest(`The JSON schema in '${walk.param}' contains a value that is not a schema object.`, walk.param);
  if (typeof input.$ref === 'string') return convertRef(input, input.$ref, walk);

  const out: GeminiSchema = {};
  applyType(out, input.type, walk);
  if (typeof input.description === 'string') out.description = input.description;
  if (input.nullable === true) out.nullable = true;
  for (const keyword of NUMBER_KEYWORDS) {
    const value = input[keyword];
    if (typeof value === 'number') out[keyword] = value;
  }
  if (typeof input.pattern === 'string') out.pattern = input.pattern;
  if (Array.isArray(input.enum)) applyEnum(out, input.enum);
  else if ('const' in input) applyEnum(out, [input.const]);
  if (isObject(input.properties)) {
    out.properties = {};
    for (const [name, property] of Object.entries(input.properties)) out.properties[name] = convert(property, walk);
    const names = Object.keys(out.properties);
    if (walk.orderProperties && names.length > 1) out.propertyOrdering = names;
    if (Array.isArray(input.required)) {
      const required = input.required.filter((name): name is string => typeof name === 'string' && name in (out.properties ?? {}));
      if (required.length) out.required = required;
    }
  }
  // `items: false` beside `prefixItems` (a closed tuple) means "no more items": the tuple is what counts.
  const items = input.items === undefined || input.items === false ? input.prefixItems : input.items;
  if (Array.isArray(items)) out.items = { anyOf: items.map((item) => convert(item, walk)) };
  else if (items !== undefined) out.items = convert(items, walk);
  const choices = input.anyOf ?? input.oneOf;
  if (Array.isArray(choices))
    applyAnyOf(
      out,
      choices.map((choice) => convert(choice, walk)),
    );
  if (out.type && typeof input.format === 'string' && FORMATS[out.type]?.includes(input.format)) out.format = input.format;
  if (Array.isArray(input.allOf)) return input.allOf.reduce<GeminiSchema>((merged, member) => merge(merged, convert(member, walk)), out);
  return out;
}

/** Inline a local `$ref`; sibling keywords (e.g. a description) win over the target's. */
function convertRef(input: JsonObject, ref: string, walk: Walk): GeminiSchema {
  if (walk.resolving.includes(ref)) {
    throw invalidRequest(
      `The JSON schema in '${walk.param}' is recursive ($ref '${ref}' refers to itself); Gemini cannot express recursive schemas.`,
      walk.param,
    );
  }
  const target = resolvePointer(walk.root, ref);
  if (target === undefined)
    throw invalidRequest(`The JSON schema in '${walk.param}' has a $ref '${ref}' that does not resolve.`, walk.param);
  const { $ref: _ref, ...siblings } = input;
  walk.resolving.push(ref);
  try {
    const resolved = convert(target, walk);
    return Object.keys(siblings).length ? merge(convert(siblings, walk), resolved) : resolved;
  } finally {
    walk.resolving.pop();
  }
}

/** `#/$defs/Name` style JSON pointers into the root schema; remote refs are not followed. */
function resolvePointer(root: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const path = ref.slice(1).split('/').filter(Boolean);
  let node: unknown = root;
  for (const raw of path) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function applyType(out: GeminiSchema, type: unknown, walk: Walk): void {
  if (type === undefined) return;
  const names = Array.isArray(type) ? type : [type];
  const kept: string[] = [];
  for (const name of names) {
    if (name === 'null') out.nullable = true;
    else if (typeof name === 'string' && TYPES[name]) kept.push(TYPES[name]);
    else throw invalidRequest(`The JSON schema in '${walk.param}' uses type '${String(name)}', which Gemini does not support.`, walk.param);
  }
  if (kept.length === 1) out.type = kept[0];
  else if (kept.length > 1) out.anyOf = kept.map((name) => ({ type: name }));
}

function applyEnum(out: GeminiSchema, values: unknown[]): void {
  if (values.includes(null)) out.nullable = true;
  const present = values.filter((value) => value !== null);
  if (present.length === 0) return;
  if (present.every((value) => typeof value === 'string')) {
    out.enum = present;
    out.type ??= 'STRING';
    return;
  }
  const note = `Allowed values: ${present.map((value) => JSON.stringify(value)).join(', ')}.`;
  out.description = out.description ? `${out.description} ${note}` : note;
}

/** Null members of `anyOf` become `nullable`; a single remaining member is folded in. */
function applyAnyOf(out: GeminiSchema, members: GeminiSchema[]): void {
  const isNull = (member: GeminiSchema) => member.nullable === true && Object.keys(member).length === 1;
  if (members.some(isNull)) out.nullable = true;
  const rest = members.filter((member) => !isNull(member));
  if (rest.length === 1 && rest[0]) Object.assign(out, merge(out, rest[0]));
  else if (rest.length > 1) out.anyOf = rest;
}

/** `allOf` and `$ref` siblings: properties and required are unioned; otherwise the first value wins. */
function merge(first: GeminiSchema, second: GeminiSchema): GeminiSchema {
  const out: GeminiSchema = { ...second, ...first };
  if (first.properties || second.properties) out.properties = { ...second.properties, ...first.properties };
  const required = [...new Set([...(first.required ?? []), ...(second.required ?? [])])];
  if (required.length) out.required = required;
  if (first.nullable || second.nullable) out.nullable = true;
  return out;
}
