import { describe, expect, test } from 'vitest';
import { compareJsonSchemas, type JsonSchemaInput } from './compare-json-schemas.ts';
import type { DifferenceType } from './difference-types.ts';
import type { JsonValue } from './schema-refs.ts';

const obj = (properties: Record<string, JsonValue>, extra: Record<string, JsonValue> = {}): JsonValue => ({
  type: 'object',
  properties,
  ...extra,
});
const closed = (properties: Record<string, JsonValue>, extra: Record<string, JsonValue> = {}): JsonValue =>
  obj(properties, { additionalProperties: false, ...extra });
const str = (extra: Record<string, JsonValue> = {}): JsonValue => ({ type: 'string', ...extra });
const num = (extra: Record<string, JsonValue> = {}): JsonValue => ({ type: 'number', ...extra });

interface ChangeCase {
  readonly change: string;
  readonly before: JsonValue;
  readonly after: JsonValue;
  /** the difference reported for BACKWARD (old → new) */
  readonly type: DifferenceType;
  readonly backward: boolean;
  readonly forward: boolean;
}

// Verdicts from Confluent's SchemaDiff.COMPATIBLE_CHANGES_STRICT (reference/jsonschema-compat.md §3, §3.1)
const cases: ChangeCase[] = [
  {
    change: 'type string → number',
    before: obj({ a: str() }),
    after: obj({ a: num() }),
    type: 'TYPE_CHANGED',
    backward: false,
    forward: false,
  },
  {
    change: 'type integer → number (widened)',
    before: obj({ a: { type: 'integer' } }),
    after: obj({ a: num() }),
    type: 'TYPE_EXTENDED',
    backward: true,
    forward: false,
  },
  {
    change: 'type number → integer (narrowed)',
    before: obj({ a: num() }),
    after: obj({ a: { type: 'integer' } }),
    type: 'TYPE_NARROWED',
    backward: false,
    forward: true,
  },
  {
    change: 'enum gains a value',
    before: str({ enum: ['a'] }),
    after: str({ enum: ['a', 'b'] }),
    type: 'ENUM_ARRAY_EXTENDED',
    backward: true,
    forward: false,
  },
  {
    change: 'enum loses a value',
    before: str({ enum: ['a', 'b'] }),
    after: str({ enum: ['a'] }),
    type: 'ENUM_ARRAY_NARROWED',
    backward: false,
    forward: true,
  },
  {
    change: 'enum value replaced',
    before: str({ enum: ['a', 'b'] }),
    after: str({ enum: ['a', 'c'] }),
    type: 'ENUM_ARRAY_CHANGED',
    backward: false,
    forward: false,
  },
  { change: 'const changed', before: { const: 1 }, after: { const: 2 }, type: 'ENUM_ARRAY_CHANGED', backward: false, forward: false },
  {
    change: 'maxLength increased (loosened)',
    before: str({ maxLength: 5 }),
    after: str({ maxLength: 10 }),
    type: 'MAX_LENGTH_INCREASED',
    backward: true,
    forward: false,
  },
  {
    change: 'maxLength decreased (tightened)',
    before: str({ maxLength: 10 }),
    after: str({ maxLength: 5 }),
    type: 'MAX_LENGTH_DECREASED',
    backward: false,
    forward: true,
  },
  { change: 'maxLength added', before: str(), after: str({ maxLength: 5 }), type: 'MAX_LENGTH_ADDED', backward: false, forward: true },
  {
    change: 'minLength increased (tightened)',
    before: str({ minLength: 1 }),
    after: str({ minLength: 2 }),
    type: 'MIN_LENGTH_INCREASED',
    backward: false,
    forward: true,
  },
  { change: 'pattern added', before: str(), after: str({ pattern: '^a' }), type: 'PATTERN_ADDED', backward: false, forward: true },
  { change: 'pattern removed', before: str({ pattern: '^a' }), after: str(), type: 'PATTERN_REMOVED', backward: true, forward: false },
  {
    change: 'pattern changed',
    before: str({ pattern: '^a' }),
    after: str({ pattern: '^b' }),
    type: 'PATTERN_CHANGED',
    backward: false,
    forward: false,
  },
  {
    change: 'minimum decreased (loosened)',
    before: num({ minimum: 5 }),
    after: num({ minimum: 0 }),
    type: 'MINIMUM_DECREASED',
    backward: true,
    forward: false,
  },
  {
    change: 'maximum decreased (tightened)',
    before: num({ maximum: 10 }),
    after: num({ maximum: 5 }),
    type: 'MAXIMUM_DECREASED',
    backward: false,
    forward: true,
  },
  {
    change: 'exclusiveMinimum added',
    before: num(),
    after: num({ exclusiveMinimum: 0 }),
    type: 'EXCLUSIVE_MINIMUM_ADDED',
    backward: false,
    forward: true,
  },
  {
    change: 'multipleOf reduced',
    before: num({ multipleOf: 4 }),
    after: num({ multipleOf: 2 }),
    type: 'MULTIPLE_OF_REDUCED',
    backward: true,
    forward: false,
  },
  {
    change: 'multipleOf changed',
    before: num({ multipleOf: 3 }),
    after: num({ multipleOf: 2 }),
    type: 'MULTIPLE_OF_CHANGED',
    backward: false,
    forward: false,
  },
  {
    change: 'property removed, open object',
    before: obj({ a: str(), b: str() }),
    after: obj({ a: str() }),
    type: 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
    backward: true,
    forward: false,
  },
  {
    change: 'optional property added, open object',
    before: obj({ a: str() }),
    after: obj({ a: str(), b: str() }),
    type: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    backward: false,
    forward: true,
  },
  {
    change: 'property with empty schema added, open object',
    before: obj({ a: str() }),
    after: obj({ a: str(), b: {} }),
    type: 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
    backward: true,
    forward: true,
  },
  {
    change: 'optional property added, closed object',
    before: closed({ a: str() }),
    after: closed({ a: str(), b: str() }),
    type: 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    backward: true,
    forward: false,
  },
  {
    change: 'property removed, closed object',
    before: closed({ a: str(), b: str() }),
    after: closed({ a: str() }),
    type: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    backward: false,
    forward: true,
  },
  {
    change: 'required property added, closed object',
    before: closed({ a: str() }),
    after: closed({ a: str(), b: str() }, { required: ['b'] }),
    type: 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    backward: false,
    forward: false,
  },
  {
    change: 'required property with default added, closed object',
    before: closed({ a: str() }),
    after: closed({ a: str(), b: str({ default: 'x' }) }, { required: ['b'] }),
    type: 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
    backward: true,
    forward: false,
  },
  {
    change: 'property added, covered by additionalProperties schema',
    before: obj({ a: str() }, { additionalProperties: str() }),
    after: obj({ a: str(), b: str() }, { additionalProperties: str() }),
    type: 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    backward: true,
    forward: true,
  },
  {
    change: 'property added, not covered by additionalProperties schema',
    before: obj({ a: str() }, { additionalProperties: str() }),
    after: obj({ a: str(), b: num() }, { additionalProperties: str() }),
    type: 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    backward: false,
    forward: false,
  },
  {
    change: 'existing property made required',
    before: obj({ a: str() }),
    after: obj({ a: str() }, { required: ['a'] }),
    type: 'REQUIRED_ATTRIBUTE_ADDED',
    backward: false,
    forward: true,
  },
  {
    change: 'existing property no longer required',
    before: obj({ a: str() }, { required: ['a'] }),
    after: obj({ a: str() }),
    type: 'REQUIRED_ATTRIBUTE_REMOVED',
    backward: true,
    forward: false,
  },
  {
    change: 'additionalProperties false → true',
    before: closed({ a: str() }),
    after: obj({ a: str() }, { additionalProperties: true }),
    type: 'ADDITIONAL_PROPERTIES_ADDED',
    backward: true,
    forward: false,
  },
  {
    change: 'maxProperties decreased',
    before: obj({}, { maxProperties: 5 }),
    after: obj({}, { maxProperties: 3 }),
    type: 'MAX_PROPERTIES_DECREASED',
    backward: false,
    forward: true,
  },
  {
    change: 'dependency array added',
    before: obj({ a: str(), b: str() }),
    after: obj({ a: str(), b: str() }, { dependentRequired: { a: ['b'] } }),
    type: 'DEPENDENCY_ARRAY_ADDED',
    backward: false,
    forward: true,
  },
  {
    change: 'maxItems decreased',
    before: { type: 'array', items: str(), maxItems: 5 },
    after: { type: 'array', items: str(), maxItems: 2 },
    type: 'MAX_ITEMS_DECREASED',
    backward: false,
    forward: true,
  },
  {
    change: 'uniqueItems added',
    before: { type: 'array', items: str() },
    after: { type: 'array', items: str(), uniqueItems: true },
    type: 'UNIQUE_ITEMS_ADDED',
    backward: false,
    forward: true,
  },
  {
    change: 'items schema removed',
    before: { type: 'array', items: str() },
    after: { type: 'array' },
    type: 'SCHEMA_REMOVED',
    backward: true,
    forward: false,
  },
  {
    change: 'tuple position added to a closed tuple',
    before: { type: 'array', prefixItems: [str()], items: false },
    after: { type: 'array', prefixItems: [str(), num()], items: false },
    type: 'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
    backward: true,
    forward: false,
  },
  {
    change: 'oneOf gains a branch',
    before: { oneOf: [str(), num()] },
    after: { oneOf: [str(), num(), { type: 'boolean' }] },
    type: 'SUM_TYPE_EXTENDED',
    backward: true,
    forward: false,
  },
  {
    change: 'plain schema becomes a oneOf including it',
    before: str(),
    after: { oneOf: [str(), num()] },
    type: 'SUM_TYPE_EXTENDED',
    backward: true,
    forward: false,
  },
  {
    change: 'allOf gains a branch',
    before: { allOf: [obj({ a: str() })] },
    after: { allOf: [obj({ a: str() }), { required: ['a'] }] },
    type: 'PRODUCT_TYPE_EXTENDED',
    backward: false,
    forward: true,
  },
  {
    change: 'anyOf → oneOf',
    before: { anyOf: [str(), num()] },
    after: { oneOf: [str(), num()] },
    type: 'COMBINED_TYPE_CHANGED',
    backward: false,
    forward: true,
  },
  {
    change: 'not schema rejects more',
    before: { not: str() },
    after: { not: { type: ['string', 'number'] } },
    type: 'NOT_TYPE_EXTENDED',
    backward: false,
    forward: true,
  },
  {
    change: 'description changed',
    before: obj({ a: str() }, { description: 'x' }),
    after: obj({ a: str() }, { description: 'y' }),
    type: 'DESCRIPTION_CHANGED',
    backward: true,
    forward: true,
  },
];

const types = (r: ReturnType<typeof compareJsonSchemas>): string[] => ('changes' in r ? r.changes.map((c) => c.type) : []);

describe('change classes and modes (Confluent SchemaDiff, STRICT policy)', () => {
  test.each(cases)('reports $type for "$change"', ({ before, after, type }) => {
    expect(types(compareJsonSchemas(before, after, { mode: 'BACKWARD' }))).toContain(type);
  });
  test.each(cases)('BACKWARD: "$change" compatible = $backward', ({ before, after, backward }) => {
    expect(compareJsonSchemas(before, after, { mode: 'BACKWARD' }).status).toBe(backward ? 'compatible' : 'incompatible');
  });
  test.each(cases)('FORWARD: "$change" compatible = $forward', ({ before, after, forward }) => {
    expect(compareJsonSchemas(before, after, { mode: 'FORWARD' }).status).toBe(forward ? 'compatible' : 'incompatible');
  });
  test.each(cases)('FULL: "$change" compatible only if both directions are', ({ before, after, backward, forward }) => {
    expect(compareJsonSchemas(before, after, { mode: 'FULL' }).status).toBe(backward && forward ? 'compatible' : 'incompatible');
  });
  test.each(cases)('NONE: "$change" is always compatible', ({ before, after }) => {
    expect(compareJsonSchemas(before, after, { mode: 'NONE' }).status).toBe('compatible');
  });
});

describe('LENIENT policy', () => {
  test('accepts an optional property added to an open object (COMPATIBLE_CHANGES_LENIENT)', () => {
    expect(compareJsonSchemas(obj({ a: str() }), obj({ a: str(), b: str() }), { policy: 'LENIENT' }).status).toBe('compatible');
  });
});

describe('transitive modes check every earlier version, newest first', () => {
  const v1 = closed({ a: str({ maxLength: 10 }) });
  const v2 = closed({ a: str({ maxLength: 20 }) });
  const v3 = closed({ a: str({ maxLength: 15 }) });
  test('BACKWARD passes against the latest version only', () => {
    expect(compareJsonSchemas([v2], v3, { mode: 'BACKWARD' }).status).toBe('incompatible');
    expect(compareJsonSchemas([v1], v3, { mode: 'BACKWARD' }).status).toBe('compatible');
  });
  test('BACKWARD_TRANSITIVE fails on v2 and reports which version', () => {
    const result = compareJsonSchemas([v1, v2], v3, { mode: 'BACKWARD_TRANSITIVE' });
    expect(result.status).toBe('incompatible');
    expect(result.status === 'incompatible' && result.breakingChanges.map((c) => [c.type, c.againstVersion])).toEqual([
      ['MAX_LENGTH_DECREASED', 1],
    ]);
  });
  test('FULL_TRANSITIVE needs both directions against every version', () => {
    expect(compareJsonSchemas([v1, v1], v1, { mode: 'FULL_TRANSITIVE' }).status).toBe('compatible');
    expect(compareJsonSchemas([v1, v2], v2, { mode: 'FULL_TRANSITIVE' }).status).toBe('incompatible');
  });
});

describe('$ref', () => {
  const withMoney = (amount: JsonValue): JsonSchemaInput => ({
    schema: obj({ total: { $ref: 'money.json#/$defs/Amount' } }),
    references: { 'money.json': { $defs: { Amount: amount } } },
  });
  test('follows a $ref into another file of the publication', () => {
    const result = compareJsonSchemas(withMoney(num()), withMoney(str()));
    expect(result.status === 'incompatible' && result.breakingChanges[0]?.message).toBe(
      '/properties/total/type: type changed from "number" to "string"',
    );
  });
  test('handles recursive schemas', () => {
    const tree = (leaf: JsonValue): JsonValue => ({
      $defs: { Node: obj({ next: { $ref: '#/$defs/Node' }, v: leaf }) },
      $ref: '#/$defs/Node',
    });
    expect(compareJsonSchemas(tree({ type: 'integer' }), tree(num())).status).toBe('compatible');
    expect(compareJsonSchemas(tree(num()), tree({ type: 'integer' })).status).toBe('incompatible');
  });
  test('an unresolvable $ref is invalid', () => {
    expect(compareJsonSchemas(obj({ a: { $ref: '#/$defs/missing' } }), obj({})).status).toBe('invalid');
  });
});

describe('validation and undecidable checks', () => {
  test('a schema failing its meta-schema (draft 2020-12) is invalid, never compatible', () => {
    const result = compareJsonSchemas(obj({ a: str() }), obj({ a: { type: 'strin' } }));
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.errors[0]?.path).toBe('/properties/a/type');
  });
  test('a draft-07 schema is validated against draft-07', () => {
    const d7 = (max: JsonValue): JsonValue => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', maxLength: max });
    expect(compareJsonSchemas(d7(5), d7(6)).status).toBe('compatible');
    expect(compareJsonSchemas(d7(5), d7(-1)).status).toBe('invalid');
  });
  test('a change inside if/then (not analysed) is unknown with the reason', () => {
    const result = compareJsonSchemas(obj({ a: str() }), obj({ a: str() }, { if: { required: ['a'] }, then: { required: ['b'] } }));
    expect(result.status).toBe('unknown');
    expect(result.status === 'unknown' && result.reasons).toContain('/if: "if" is not analysed');
  });
});
