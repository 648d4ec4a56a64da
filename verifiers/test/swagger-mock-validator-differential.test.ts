/**
 * Differential test against PactFlow's own engine, `@pactflow/swagger-mock-validator` 14.5 (issue #12): generated
 * pact/OpenAPI pairs get the same verdict (compatible, or not) from Treaty's check as from PactFlow's validator run as a
 * new user would (files on disk, default options). The generator stays clear of the deliberate differences listed in
 * docs/openapi.md; anything else that disagrees is a bug on one side.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../src/openapi/openapi-document.ts';
import { comparePactWithOpenApi } from '../src/openapi/pact-vs-openapi.ts';

type Field = 'id' | 'name' | 'price';
const FIELDS: readonly Field[] = ['id', 'name', 'price'];
const FIELD_SCHEMAS: Readonly<Record<Field, { type: string }>> = {
  id: { type: 'integer' },
  name: { type: 'string' },
  price: { type: 'number' },
};
const rightValue: Readonly<Record<Field, unknown>> = { id: 7, name: 'lamp', price: 9.5 };
const wrongValue: Readonly<Record<Field, unknown>> = { id: 'seven', name: 3, price: 'cheap' };

/** `additionalProperties` of a generated object schema: not given, or given explicitly. */
type Additional = 'absent' | true | false;

const objectSchema = (fields: readonly Field[], additional: Additional): Record<string, unknown> => ({
  type: 'object',
  properties: Object.fromEntries(fields.map((f) => [f, FIELD_SCHEMAS[f]])),
  ...(additional === 'absent' ? {} : { additionalProperties: additional }),
});

/** A body: some fields (one perhaps of the wrong type), perhaps a field no schema declares. */
interface BodyShape {
  readonly fields: readonly Field[];
  readonly wrongType: Field | undefined;
  readonly extra: boolean;
}
const bodyOf = (shape: BodyShape): Record<string, unknown> => ({
  ...Object.fromEntries(shape.fields.map((f) => [f, f === shape.wrongType ? wrongValue[f] : rightValue[f]])),
  ...(shape.extra ? { extra: true } : {}),
});

const fieldsArb = (minLength: number): fc.Arbitrary<Field[]> => fc.subarray([...FIELDS], { minLength });
const additionalArb: fc.Arbitrary<Additional> = fc.constantFrom<Additional>('absent', true, false);
const bodyShapeArb: fc.Arbitrary<BodyShape> = fc.record({
  fields: fieldsArb(0),
  // mostly right, so that compatible pairs are common too
  wrongType: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.constantFrom(...FIELDS), weight: 1 }),
  extra: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, { arbitrary: fc.constant(true), weight: 1 }),
});

/** The response schema: a plain object, a oneOf with another type, an allOf of two objects, or an object inside one. */
const responseSchemaArb: fc.Arbitrary<{ schema: Record<string, unknown>; nested: boolean }> = fc.oneof(
  fc.tuple(fieldsArb(1), additionalArb).map(([fields, additional]) => ({ schema: objectSchema(fields, additional), nested: false })),
  fc.tuple(fieldsArb(1), additionalArb).map(([fields, additional]) => ({
    schema: { oneOf: [objectSchema(fields, additional), { type: 'string' }] },
    nested: false,
  })),
  // allOf branches with `additionalProperties: false` are a deliberate difference (README), so not generated
  fc
    .tuple(fieldsArb(1), fc.constantFrom<Additional>('absent', true), fc.constantFrom<Additional>('absent', true))
    .map(([fields, first, second]) => ({
      schema: { allOf: [objectSchema(fields.slice(0, 1), first), objectSchema(fields.slice(1), second)] },
      nested: false,
    })),
  fc.tuple(fieldsArb(1), additionalArb).map(([fields, additional]) => ({
    schema: { type: 'object', properties: { item: objectSchema(fields, additional) } },
    nested: true,
  })),
);

interface Pair {
  readonly spec: OpenApiDocument;
  readonly pact: Record<string, unknown>;
}

const pairArb: fc.Arbitrary<Pair> = fc
  .record({
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constantFrom('/items/7', '/items/7', '/items/7', '/items/7', '/items/seven', '/elsewhere'),
    status: fc.constantFrom(200, 200, 200, 200, 404),
    response: responseSchemaArb,
    responseBody: bodyShapeArb,
    requestFields: fieldsArb(1),
    requestAdditional: additionalArb,
    requestRequired: fc.boolean(),
    requestBody: bodyShapeArb,
  })
  .map((g): Pair => {
    const operation = (withRequestBody: boolean): Record<string, unknown> => ({
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      ...(withRequestBody
        ? {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    ...objectSchema(g.requestFields, g.requestAdditional),
                    ...(g.requestRequired ? { required: g.requestFields.slice(0, 1) } : {}),
                  },
                },
              },
            },
          }
        : {}),
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: g.response.schema } } } },
    });
    const spec: OpenApiDocument = {
      openapi: '3.0.3',
      info: { title: 'items', version: '1' },
      paths: { '/items/{id}': { get: operation(false), post: operation(true) } },
    };
    const responseBody = bodyOf(g.responseBody);
    const request =
      g.method === 'POST'
        ? { method: 'POST', path: g.path, headers: { 'Content-Type': 'application/json' }, body: bodyOf(g.requestBody) }
        : { method: 'GET', path: g.path };
    const pact = {
      consumer: { name: 'shop' },
      provider: { name: 'items' },
      metadata: { pactSpecification: { version: '2.0.0' } },
      interactions: [
        {
          description: 'an item',
          request,
          response: {
            status: g.status,
            headers: { 'Content-Type': 'application/json' },
            body: g.response.nested ? { item: responseBody } : responseBody,
          },
        },
      ],
    };
    return { spec, pact };
  });

const workDir = mkdtempSync(join(tmpdir(), 'treaty-smv-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const pactflow = SwaggerMockValidatorFactory.create();
let pairNumber = 0;

/** PactFlow's verdict: no errors from swagger-mock-validator with its defaults, reading the pair from files. */
async function pactflowCompatible(pair: Pair): Promise<boolean> {
  pairNumber += 1;
  const specPath = join(workDir, `spec-${pairNumber}.json`);
  const pactPath = join(workDir, `pact-${pairNumber}.json`);
  writeFileSync(specPath, JSON.stringify(pair.spec));
  writeFileSync(pactPath, JSON.stringify(pair.pact));
  const result = await pactflow.validate({ specPathOrUrl: specPath, mockPathOrUrl: pactPath });
  return result.errors.length === 0;
}

const treatyCompatible = (pair: Pair): boolean =>
  comparePactWithOpenApi(pair.pact, pair.spec).findings.every((finding) => finding.severity !== 'error');

describe('Treaty agrees with @pactflow/swagger-mock-validator 14.5 on generated pact/OpenAPI pairs', () => {
  it('reaches the same verdict on every pair', { timeout: 60_000 }, async () => {
    const verdicts = { compatible: 0, incompatible: 0 };
    await fc.assert(
      fc.asyncProperty(pairArb, async (pair) => {
        const expected = await pactflowCompatible(pair);
        verdicts[expected ? 'compatible' : 'incompatible'] += 1;
        expect(treatyCompatible(pair)).toBe(expected);
      }),
      { numRuns: 150, seed: 12 },
    );
    // the generator must exercise both verdicts, or the agreement says little
    expect(verdicts.compatible).toBeGreaterThan(20);
    expect(verdicts.incompatible).toBeGreaterThan(20);
  });
});
