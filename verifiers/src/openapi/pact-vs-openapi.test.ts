import { describe, expect, test } from 'vitest';
import type { OpenApiDocument } from './openapi-document.ts';
import { comparePactWithOpenApi } from './pact-vs-openapi.ts';

/** GET /orders/{id} with a query, a header, API-key-or-bearer security and a response header; schemas in components. */
const spec = (
  components: Record<string, unknown> = {},
  response: Record<string, unknown> = { $ref: '#/components/schemas/Order' },
): OpenApiDocument => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'expand', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['lines', 'customer'] } } },
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10 } },
          { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
        ],
        security: [{ ApiKey: [] }, { Bearer: [] }],
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Rate-Limit': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: response } },
          },
          '404': { description: 'not found' },
        },
      },
    },
  },
  components: {
    securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, Bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Order: { type: 'object', properties: { id: { type: 'integer' }, total: { type: 'number' } }, required: ['id', 'total'] },
      ...components,
    },
  },
});

interface Request {
  path?: string;
  query?: unknown;
  headers?: Record<string, string>;
}
const pact = (request: Request = {}, response: Record<string, unknown> = {}): unknown => ({
  metadata: { pactSpecification: { version: request.query === undefined || typeof request.query === 'string' ? '2.0.0' : '3.0.0' } },
  interactions: [
    {
      description: 'get an order',
      request: {
        method: 'GET',
        path: request.path ?? '/orders/7',
        query: request.query,
        headers: request.headers ?? { 'x-tenant': 'acme', Authorization: 'Bearer t' },
      },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 7 }, ...response },
    },
  ],
});

const errorsOf = (p: unknown, document: OpenApiDocument = spec()): string[] =>
  comparePactWithOpenApi(p, document)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.code} ${f.location.replace(/^\[root\]\.interactions\[0\]\./, '')}`);

describe('comparePactWithOpenApi: parameters (swagger-mock-validator request.query / request.header)', () => {
  test.each([
    ['a V2 query string, coerced to the parameter types', 'expand=lines&limit=5', []],
    ['a V3 query object of arrays (exploded form array)', { expand: ['lines', 'customer'] }, []],
    ['a value outside the schema', 'limit=11', ['request.query.incompatible request.query.limit']],
    ['a value that is not a number', { limit: ['many'] }, ['request.query.incompatible request.query.limit']],
    ['an array item outside the enum', { expand: ['lines', 'price'] }, ['request.query.incompatible request.query.expand[1]']],
  ])('%s', (_name, query, expected) => {
    expect(errorsOf(pact({ query }))).toEqual(expected);
  });

  test('a path variable that does not fit its schema means no operation matches', () => {
    expect(errorsOf(pact({ path: '/orders/seven' }))).toEqual(['request.path-or-method.unknown request.path']);
  });

  test('headers are matched case-insensitively, and a missing required one is an error', () => {
    expect(errorsOf(pact({ headers: { 'X-TENANT': 'acme', authorization: 'Bearer t' } }))).toEqual([]);
    expect(errorsOf(pact({ headers: { authorization: 'Bearer t' } }))).toEqual(['request.header.incompatible request.headers.X-Tenant']);
  });

  test('unknown query parameters only warn', () => {
    const result = comparePactWithOpenApi(pact({ query: 'debug=1' }), spec());
    expect(result.status).toBe('compatible');
    expect(result.findings.map((f) => f.code)).toEqual(['request.query.unknown']);
  });
});

describe('comparePactWithOpenApi: security (request.authorization.missing)', () => {
  test.each([
    ['the API key of the first alternative', { 'x-tenant': 'a', 'X-Api-Key': 'k' }, []],
    ['the bearer token of the second alternative', { 'x-tenant': 'a', Authorization: 'Bearer t' }, []],
    ['no credentials', { 'x-tenant': 'a' }, ['request.authorization.missing request.headers']],
  ])('%s', (_name, headers, expected) => {
    expect(errorsOf(pact({ headers }))).toEqual(expected);
  });

  test('a consumer testing a 4xx answer may send requests the spec does not allow', () => {
    expect(errorsOf(pact({ headers: {}, query: 'limit=99' }, { status: 404, body: undefined, headers: {} }))).toEqual([]);
  });
});

describe('comparePactWithOpenApi: responses', () => {
  test('a declared response header must fit its schema; an undeclared custom one is an error, a standard one only warns', () => {
    expect(errorsOf(pact({}, { headers: { 'x-rate-limit': 'lots', 'x-trace': '1', Date: 'Tue, 15 Nov 1994 08:12:31 GMT' } }))).toEqual([
      'response.header.incompatible response.headers.x-rate-limit',
      'response.header.unknown response.headers.x-trace',
    ]);
  });

  test('an allOf response is closed over the union of its branches, nested objects included', () => {
    const document = spec(
      {
        Base: {
          type: 'object',
          properties: { id: { type: 'integer' }, meta: { type: 'object', properties: { created: { type: 'string' } } } },
        },
        Extended: {
          allOf: [
            { $ref: '#/components/schemas/Base' },
            { properties: { total: { type: 'number' }, meta: { properties: { updated: { type: 'string' } } } } },
          ],
        },
      },
      { $ref: '#/components/schemas/Extended' },
    );
    expect(errorsOf(pact({}, { body: { id: 7, total: 1, meta: { created: 'x', updated: 'y' } } }), document)).toEqual([]);
    expect(errorsOf(pact({}, { body: { id: 7, discount: 1 } }), document)).toEqual(['response.body.incompatible response.body']);
    expect(errorsOf(pact({}, { body: { id: 7, meta: { deleted: 'z' } } }), document)).toEqual([
      'response.body.incompatible response.body.meta',
    ]);
  });

  test('a discriminator picks the branch by its tag, so a partial response is not rejected as matching two branches', () => {
    const document = spec(
      {
        Pet: {
          oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
          discriminator: { propertyName: 'kind' },
        },
        Cat: {
          type: 'object',
          properties: { kind: { type: 'string' }, name: { type: 'string' }, indoor: { type: 'boolean' } },
          required: ['kind', 'indoor'],
        },
        Dog: {
          type: 'object',
          properties: { kind: { type: 'string' }, name: { type: 'string' }, breed: { type: 'string' } },
          required: ['kind', 'breed'],
        },
      },
      { $ref: '#/components/schemas/Pet' },
    );
    expect(errorsOf(pact({}, { body: { kind: 'Cat', name: 'Tom' } }), document)).toEqual([]);
    expect(errorsOf(pact({}, { body: { kind: 'Cat', breed: 'Tabby' } }), document)).toContain('response.body.incompatible response.body');
    expect(errorsOf(pact({}, { body: { kind: 'Fish', name: 'Nemo' } }), document)).toContain(
      'response.body.incompatible response.body.kind',
    );
  });
});

describe('comparePactWithOpenApi: an explicit additionalProperties: true on a response is closed as PactFlow does', () => {
  const open = { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: true };
  const openTotal = { type: 'object', properties: { total: { type: 'number' } }, additionalProperties: true };
  test.each([
    ['a plain object', open, { id: 7, extra: 1 }, ['response.body.incompatible response.body']],
    ['a plain object, declared fields only', open, { id: 7 }, []],
    [
      'a oneOf whose branches are open',
      { oneOf: [open, { type: 'string' }] },
      { id: 7, extra: 1 },
      ['response.body.incompatible response.body'],
    ],
    ['a oneOf, declared fields only', { oneOf: [open, { type: 'string' }] }, { id: 7 }, []],
    [
      'an allOf of open branches',
      { allOf: [open, openTotal] },
      { id: 7, total: 1, extra: 1 },
      ['response.body.incompatible response.body'],
    ],
    ['an allOf, fields of both branches', { allOf: [open, openTotal] }, { id: 7, total: 1 }, []],
    [
      'a nested object',
      { type: 'object', properties: { line: open } },
      { line: { id: 1, extra: 1 } },
      ['response.body.incompatible response.body.line'],
    ],
  ])('%s', (_name, schema, body, expected) => {
    // a oneOf reports each failing branch; the verdict and where it points are what matter here
    expect([...new Set(errorsOf(pact({}, { body }), spec({}, schema)))]).toEqual(expected);
  });

  test('a request body is validated as the spec says: additionalProperties: true stays open there', () => {
    const document: OpenApiDocument = {
      openapi: '3.0.3',
      info: { title: 'orders', version: '1' },
      paths: {
        '/orders': {
          post: {
            requestBody: { content: { 'application/json': { schema: open } } },
            responses: { '204': { description: 'created' } },
          },
        },
      },
    };
    const post = {
      interactions: [
        {
          description: 'create an order',
          request: { method: 'POST', path: '/orders', headers: { 'Content-Type': 'application/json' }, body: { id: 7, extra: 1 } },
          response: { status: 204 },
        },
      ],
    };
    expect(errorsOf(post, document)).toEqual([]);
  });
});

describe('comparePactWithOpenApi: info.x-opc-config-base-path', () => {
  const withBase = (basePath: string): OpenApiDocument => {
    const document = spec();
    return { ...document, info: { ...(document['info'] as object), 'x-opc-config-base-path': basePath } };
  };
  test.each([
    ['a pact path with the base path', '/api/v1', '/api/v1/orders/7', []],
    ['a base path given with a trailing slash', '/api/v1/', '/api/v1/orders/7', []],
    [
      'a pact path without the base path is unknown, not matched by the bare path',
      '/api/v1',
      '/orders/7',
      ['request.path-or-method.unknown request.path'],
    ],
  ])('%s', (_name, basePath, path, expected) => {
    expect(errorsOf(pact({ path }), withBase(basePath))).toEqual(expected);
  });
});

describe('comparePactWithOpenApi: Swagger 2 basePath, as swagger-mock-validator (base path + spec path only)', () => {
  const swagger2 = (basePath: string): OpenApiDocument => ({
    swagger: '2.0',
    info: { title: 'orders', version: '1' },
    basePath,
    paths: { '/orders': { get: { produces: ['application/json'], responses: { '200': { description: 'ok' } } } } },
  });
  const list = (path: string): unknown => ({
    interactions: [{ description: 'list orders', request: { method: 'GET', path }, response: { status: 200 } }],
  });
  test.each([
    ['with the base path', '/api', '/api/orders', []],
    ['without the base path', '/api', '/orders', ['request.path-or-method.unknown request.path']],
    ['a root base path', '/', '/orders', []],
  ])('%s', (_name, basePath, path, expected) => {
    expect(errorsOf(list(path), swagger2(basePath))).toEqual(expected);
  });
});
