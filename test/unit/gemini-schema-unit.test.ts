import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../../src/lib/http/errors';
import { toGeminiSchema } from '../../src/providers/gemini/schema';
import { thrownGatewayError } from '../support/thrown';

const convert = (schema: Record<string, unknown>) => toGeminiSchema(schema, 'tools.0.function.parameters');

const rejection = (schema: Record<string, unknown>): GatewayError => thrownGatewayError(() => convert(schema));

describe('JSON schema → Gemini schema allow-list', () => {
  it('keeps what Gemini accepts, with upper-case types', () => {
    expect(
      convert({
        type: 'object',
        description: 'args',
        properties: {
          city: { type: 'string', description: 'the city', minLength: 1, maxLength: 80, pattern: '^[A-Z]' },
          days: { type: 'integer', minimum: 1, maximum: 14, format: 'int32' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
          unit: { type: 'string', enum: ['c', 'f'] },
        },
        required: ['city'],
      }),
    ).toEqual({
      type: 'OBJECT',
      description: 'args',
      properties: {
        city: { type: 'STRING', description: 'the city', minLength: 1, maxLength: 80, pattern: '^[A-Z]' },
        days: { type: 'INTEGER', minimum: 1, maximum: 14, format: 'int32' },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: 1, maxItems: 3 },
        unit: { type: 'STRING', enum: ['c', 'f'] },
      },
      required: ['city'],
    });
  });

  const dropped: [string, Record<string, unknown>][] = [
    ['$schema', { $schema: 'http://json-schema.org/draft-07/schema#' }],
    ['additionalProperties', { additionalProperties: false }],
    ['default', { default: 'x' }],
    ['examples', { examples: ['x'] }],
    ['title', { title: 'City' }],
    ['$id', { $id: 'urn:city' }],
    ['exclusiveMinimum', { exclusiveMinimum: 0 }],
  ];
  for (const [keyword, extra] of dropped) {
    it(`drops ${keyword}`, () => {
      expect(convert({ type: 'string', ...extra })).toEqual({ type: 'STRING' });
    });
  }

  it('drops formats Gemini rejects and keeps the ones it supports', () => {
    expect(convert({ type: 'string', format: 'email' })).toEqual({ type: 'STRING' });
    expect(convert({ type: 'string', format: 'date-time' })).toEqual({ type: 'STRING', format: 'date-time' });
  });

  it('turns oneOf into anyOf', () => {
    expect(convert({ oneOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] });
  });

  it('turns a string const into a one-value enum', () => {
    expect(convert({ const: 'celsius' })).toEqual({ type: 'STRING', enum: ['celsius'] });
  });

  it('moves non-string enum values into the description (Gemini enums are strings)', () => {
    expect(convert({ type: 'integer', description: 'Level.', enum: [1, 2, 3] })).toEqual({
      type: 'INTEGER',
      description: 'Level. Allowed values: 1, 2, 3.',
    });
  });

  it('turns a type array with null into nullable', () => {
    expect(convert({ type: ['string', 'null'] })).toEqual({ type: 'STRING', nullable: true });
    expect(convert({ type: ['string', 'integer'] })).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] });
  });

  it('folds an anyOf with a null member into a nullable schema (pydantic Optional)', () => {
    expect(convert({ anyOf: [{ type: 'string' }, { type: 'null' }], description: 'maybe' })).toEqual({
      type: 'STRING',
      description: 'maybe',
      nullable: true,
    });
  });

  it('inlines $ref into $defs and definitions, with sibling keywords winning', () => {
    const schema = {
      type: 'object',
      properties: {
        home: { $ref: '#/$defs/Address', description: 'Home address' },
        work: { $ref: '#/definitions/Address' },
      },
      $defs: { Address: { type: 'object', title: 'Address', properties: { street: { type: 'string' } }, required: ['street'] } },
      definitions: { Address: { type: 'object', properties: { zip: { type: 'string' } } } },
    };
    expect(convert(schema)).toEqual({
      type: 'OBJECT',
      properties: {
        home: { type: 'OBJECT', description: 'Home address', properties: { street: { type: 'STRING' } }, required: ['street'] },
        work: { type: 'OBJECT', properties: { zip: { type: 'STRING' } } },
      },
    });
  });

  it('merges allOf members', () => {
    expect(
      convert({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      }),
    ).toEqual({ type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'NUMBER' } }, required: ['a', 'b'] });
  });

  it('keeps only required names that are properties', () => {
    expect(convert({ type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost'] })).toEqual({
      type: 'OBJECT',
      properties: { a: { type: 'STRING' } },
      required: ['a'],
    });
  });

  it('reads a closed tuple (prefixItems with items: false) as items of any listed type', () => {
    expect(convert({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false })).toEqual({
      type: 'ARRAY',
      items: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
    });
  });

  it('keeps the caller’s property order for response schemas only', () => {
    const schema = { type: 'object', properties: { reasoning: { type: 'string' }, answer: { type: 'string' } } };
    expect(toGeminiSchema(schema, 'response_format.json_schema.schema', { orderProperties: true }).propertyOrdering).toEqual([
      'reasoning',
      'answer',
    ]);
    expect(convert(schema).propertyOrdering).toBeUndefined();
  });

  it('refuses a recursive $ref with a clear 400', () => {
    const error = rejection({
      type: 'object',
      properties: { root: { $ref: '#/$defs/Node' } },
      $defs: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } },
    });
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/recursive \(\$ref '#\/\$defs\/Node'/);
    expect(error.param).toBe('tools.0.function.parameters');
  });

  it('refuses a self-reference to the root', () => {
    expect(rejection({ type: 'object', properties: { next: { $ref: '#' } } }).message).toMatch(/recursive/);
  });

  it('refuses a $ref that does not resolve, and remote refs', () => {
    expect(rejection({ $ref: '#/$defs/Missing' }).message).toMatch(/does not resolve/);
    expect(rejection({ $ref: 'https://example.com/schema.json' }).message).toMatch(/does not resolve/);
  });

  it('refuses a type Gemini does not know', () => {
    expect(rejection({ type: 'any' }).message).toMatch(/type 'any'/);
  });

  it('refuses a schema that explodes when its $refs are inlined', () => {
    const defs: Record<string, unknown> = { L0: { type: 'string' } };
    for (let level = 1; level <= 14; level++) {
      defs[`L${level}`] = { type: 'object', properties: { a: { $ref: `#/$defs/L${level - 1}` }, b: { $ref: `#/$defs/L${level - 1}` } } };
    }
    expect(rejection({ $ref: '#/$defs/L14', $defs: defs }).message).toMatch(/too large/);
  });
});
