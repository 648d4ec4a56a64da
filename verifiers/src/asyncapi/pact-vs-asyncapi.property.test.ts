// Property-based test of the message-pact-against-AsyncAPI check (issue #13): for any payload schema, a message
// generated from it passes, and the same message mutated (a field the schema does not declare, a value of another
// type, a value outside an enum) fails, naming the place of the mutation. A check that let a mutated message pass
// would let a consumer rely on a field the provider never promised.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAsyncApi, type AsyncApiModel } from './asyncapi-model.ts';
import { comparePactWithAsyncApi } from './pact-vs-asyncapi.ts';

type Schema =
  | { type: 'string'; enum?: string[] }
  | { type: 'integer'; minimum: number; maximum: number }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'array'; items: Schema }
  | { type: 'object'; properties: Record<string, Schema>; required: string[] };

const name = fc.stringMatching(/^[a-z][a-z_]{0,7}$/);

/** Any schema (depth-bounded), and object schemas: payloads are objects, as event payloads almost always are. */
const { object: payloadArb } = fc.letrec<{ schema: Schema; object: Schema }>((tie) => ({
  schema: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    fc.constant<Schema>({ type: 'string' }),
    fc
      .uniqueArray(fc.stringMatching(/^[A-Z]{2,5}$/), { minLength: 1, maxLength: 4 })
      .map((values): Schema => ({ type: 'string', enum: values })),
    fc.integer({ min: -5, max: 5 }).map((min): Schema => ({ type: 'integer', minimum: min, maximum: min + 100 })),
    fc.constant<Schema>({ type: 'number' }),
    fc.constant<Schema>({ type: 'boolean' }),
    tie('schema').map((items): Schema => ({ type: 'array', items })),
    tie('object'),
  ),
  object: fc
    .uniqueArray(fc.tuple(name, tie('schema'), fc.boolean()), { minLength: 1, maxLength: 5, selector: ([n]) => n })
    .map((entries): Schema => ({
      type: 'object',
      properties: Object.fromEntries(entries.map(([n, s]) => [n, s])),
      required: entries.filter(([, , r]) => r).map(([n]) => n),
    })),
}));

/** A value valid under `schema` (every property present, so mutations have places to go). */
function valueArb(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return schema.enum ? fc.constantFrom(...schema.enum) : fc.string({ maxLength: 8 });
    case 'integer':
      return fc.integer({ min: schema.minimum, max: schema.maximum });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueArb(schema.items), { minLength: 1, maxLength: 3 });
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, valueArb(s)])));
    default: {
      const never: never = schema;
      return never;
    }
  }
}

/** The places a mutation can go: JSON paths of object values and of leaves, with the schema there. */
function places(
  schema: Schema,
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; schema: Schema }> {
  const here = [{ path, schema }];
  if (schema.type === 'object' && typeof value === 'object' && value !== null)
    return [
      ...here,
      ...Object.entries(schema.properties).flatMap(([k, s]) => places(s, (value as Record<string, unknown>)[k], [...path, k])),
    ];
  if (schema.type === 'array' && Array.isArray(value)) return [...here, ...value.flatMap((v, i) => places(schema.items, v, [...path, i]))];
  return here;
}

type Mutation = 'undeclared-field' | 'other-type' | 'outside-enum';

/** Applies a mutation at a place; undefined when it does not apply there (e.g. outside-enum on a number). */
function mutate(value: unknown, place: { path: Array<string | number>; schema: Schema }, kind: Mutation): unknown {
  const replacement = (current: unknown): unknown => {
    const s = place.schema;
    if (kind === 'undeclared-field') return s.type === 'object' ? { ...(current as object), zz_undeclared: 1 } : undefined;
    if (kind === 'outside-enum') return s.type === 'string' && s.enum ? 'not-in-the-enum' : undefined;
    return s.type === 'string'
      ? 42
      : s.type === 'boolean' || s.type === 'array' || s.type === 'object'
        ? 'text'
        : s.type === 'integer'
          ? 1.5
          : true;
  };
  if (place.path.length === 0) return replacement(value);
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of place.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = place.path[place.path.length - 1]!;
  const next = replacement(node[last]);
  if (next === undefined) return undefined;
  node[last] = next;
  return copy;
}

function modelWith(payload: Schema, byRef: boolean): AsyncApiModel {
  const doc = {
    asyncapi: '3.0.0',
    info: { title: 'generated', version: '1' },
    channels: {
      things: {
        address: 'things',
        messages: { thing: { name: 'Thing', payload: byRef ? { $ref: '#/components/schemas/Thing' } : payload } },
      },
    },
    operations: { sendThings: { action: 'send', channel: { $ref: '#/channels/things' } } },
    components: { schemas: { Thing: payload } },
  };
  const read = readAsyncApi([{ path: 'asyncapi.json', content: JSON.stringify(doc) }]);
  if (read.status !== 'ok') throw new Error(JSON.stringify(read));
  return read.model;
}

const pactWith = (contents: unknown) => ({
  consumer: { name: 'c' },
  provider: { name: 'p' },
  interactions: [
    {
      type: 'Asynchronous/Messages',
      description: 'a Thing',
      contents: { content: contents, contentType: 'application/json', encoded: false },
      metadata: {},
    },
  ],
});

const jsonPath = (path: Array<string | number>): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');

describe('comparePactWithAsyncApi (property)', () => {
  it('passes every message generated from the payload schema, inline or $ref-ed', () => {
    fc.assert(
      fc.property(
        payloadArb.chain((schema) => fc.tuple(fc.constant(schema), valueArb(schema), fc.boolean())),
        ([schema, value, byRef]) => {
          const result = comparePactWithAsyncApi(pactWith(value), modelWith(schema, byRef));
          expect(result).toEqual({ status: 'compatible', findings: [] });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fails the same message mutated (an undeclared field, a value of another type, a value outside an enum), at the mutated place', () => {
    const cases = payloadArb
      .chain((schema) => fc.tuple(fc.constant(schema), valueArb(schema)))
      .chain(([schema, value]) => {
        const candidates = places(schema, value);
        return fc.tuple(
          fc.constant(schema),
          fc.constant(value),
          fc.constantFrom(...candidates),
          fc.constantFrom<Mutation>('undeclared-field', 'other-type', 'outside-enum'),
          fc.boolean(),
        );
      })
      .map(([schema, value, place, kind, byRef]) => ({ schema, place, kind, byRef, mutated: mutate(value, place, kind) }))
      .filter((c) => c.mutated !== undefined);
    fc.assert(
      fc.property(cases, ({ schema, place, mutated, byRef }) => {
        const result = comparePactWithAsyncApi(pactWith(mutated), modelWith(schema, byRef));
        expect(result.status).toBe('incompatible');
        expect(result.findings.every((f) => f.code === 'message.payload.incompatible')).toBe(true);
        expect(result.findings.map((f) => f.location)).toContain(`[root].interactions[0].contents${jsonPath(place.path)}`);
      }),
      { numRuns: 200 },
    );
  });
});
