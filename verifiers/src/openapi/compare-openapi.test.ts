import { describe, expect, test } from 'vitest';
import type { JsonValue } from '../jsonschema/schema-refs.ts';
import { compareOpenApi } from './compare-openapi.ts';

type Doc = { [key: string]: JsonValue };

/** POST /charges (header + body) and GET /charges/{id}, the body and response through #/components refs. */
function api(edit: (doc: Doc & { paths: Doc; components: { schemas: Doc } }) => void = () => undefined): JsonValue {
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/charges': {
        post: {
          parameters: [{ name: 'key', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ChargeRequest' } } } },
          responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Charge' } } } } },
        },
      },
      '/charges/{id}': { get: { responses: { '200': { description: 'ok' } } } },
    },
    components: {
      schemas: {
        ChargeRequest: { type: 'object', properties: { amount: { type: 'integer' }, note: { type: 'string' } }, required: ['amount'] },
        Charge: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } }, required: ['id'] },
      },
    },
  };
  edit(doc as unknown as Doc & { paths: Doc; components: { schemas: Doc } });
  return doc as unknown as JsonValue;
}

const rulesOf = (previous: JsonValue, current: JsonValue, mode?: Parameters<typeof compareOpenApi>[2]): string[] => {
  const result = compareOpenApi(previous, current, mode);
  return result.status === 'incompatible' ? result.breakingChanges.map((c) => c.rule).sort() : [result.status];
};

const post = (d: Doc & { paths: Doc }): Doc => (d.paths['/charges'] as Doc)['post'] as Doc;

describe('compareOpenApi (issue #8: request/response schema changes per operation)', () => {
  test.each([
    ['no change', (): void => undefined, ['compatible']],
    ['an operation removed', (d: Doc & { paths: Doc }) => delete d.paths['/charges/{id}'], ['OPERATION_REMOVED']],
    [
      'a new required parameter',
      (d: Doc & { paths: Doc }) => (post(d)['parameters'] as JsonValue[]).push({ name: 'tenant', in: 'query', required: true }),
      ['REQUIRED_PARAMETER_ADDED'],
    ],
    [
      'an optional parameter made required',
      (d: Doc & { paths: Doc }) => ((post(d)['parameters'] as Doc[])[0]!['required'] = true),
      ['PARAMETER_REQUIRED_ADDED'],
    ],
    [
      'the request body made required',
      (d: Doc & { paths: Doc }) => ((post(d)['requestBody'] as Doc)['required'] = true),
      ['REQUEST_BODY_REQUIRED_ADDED'],
    ],
    [
      'the request media type dropped',
      (d: Doc & { paths: Doc }) => ((post(d)['requestBody'] as Doc)['content'] = { 'text/plain': {} }),
      ['REQUEST_MEDIA_TYPE_REMOVED'],
    ],
    [
      'a request property made required (server rejects old requests)',
      (d: Doc & { components: { schemas: Doc } }) => ((d.components.schemas['ChargeRequest'] as Doc)['required'] = ['amount', 'note']),
      ['REQUIRED_ATTRIBUTE_ADDED'],
    ],
    [
      'a response property changes type (old clients read it)',
      (d: Doc & { components: { schemas: Doc } }) =>
        (((d.components.schemas['Charge'] as Doc)['properties'] as Doc)['status'] = { type: 'integer' }),
      ['TYPE_CHANGED'],
    ],
    [
      'a response property no longer required (old clients expect it)',
      (d: Doc & { components: { schemas: Doc } }) => ((d.components.schemas['Charge'] as Doc)['required'] = []),
      ['REQUIRED_ATTRIBUTE_ADDED'],
    ],
    [
      'a new response status code (not covered)',
      (d: Doc & { paths: Doc }) => ((post(d)['responses'] as Doc)['409'] = { description: 'conflict' }),
      ['compatible'],
    ],
  ] as const)('%s', (_name, edit, expected) => {
    expect(rulesOf(api(), api(edit as (d: Doc & { paths: Doc; components: { schemas: Doc } }) => void))).toEqual(expected);
  });

  test('mode NONE checks nothing; FORWARD swaps request and response directions', () => {
    const tighter = api((d) => ((d.components.schemas['ChargeRequest'] as Doc)['required'] = ['amount', 'note']));
    expect(rulesOf(api(), tighter, { mode: 'NONE' })).toEqual(['compatible']);
    expect(rulesOf(api(), tighter, { mode: 'FORWARD' })).toEqual(['compatible']);
    expect(rulesOf(tighter, api(), { mode: 'FORWARD' })).toEqual(['REQUIRED_ATTRIBUTE_ADDED']);
  });

  test('findings point into the document where the change is (for line numbers)', () => {
    const result = compareOpenApi(
      api(),
      api((d) => ((post(d)['parameters'] as Doc[])[0]!['required'] = true)),
    );
    expect(result).toMatchObject({
      status: 'incompatible',
      breakingChanges: [
        {
          side: 'current',
          pointer: '/paths/~1charges/post/parameters/0',
          message: 'POST /charges: header parameter "key" became required.',
        },
      ],
    });
  });

  test('a document that is not OpenAPI 3.x is invalid, never compatible', () => {
    expect(compareOpenApi(api(), { swagger: '2.0', paths: {} })).toEqual({
      status: 'invalid',
      errors: [{ side: 'current', pointer: '', message: 'The current document is Swagger 2.0; convert it to OpenAPI 3.0 or 3.1 first.' }],
    });
  });
});
