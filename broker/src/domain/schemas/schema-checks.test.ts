import { describe, expect, test } from 'vitest';
import type { SchemaCompatibilityMode, SchemaFile } from '@treaty/wire';
import { checkConsumerSchema, checkEvolution, checkPactAgainstOpenApi, firstBreakingChange } from './schema-checks.ts';
import { canonicalFiles, schemaContentSha, validateSchemaFiles } from './schema-content.ts';

const proto = (body: string): SchemaFile[] => [{ path: 'p.proto', content: `syntax = "proto3";\npackage p.v1;\n${body}\n` }];
const v1 = proto('message M {\n  string id = 1;\n  string status = 2;\n}');
const fieldRemoved = proto('message M {\n  string id = 1;\n}');
const fieldAdded = proto('message M {\n  string id = 1;\n  string status = 2;\n  string extra = 3;\n}');
const json = (schema: object): SchemaFile[] => [{ path: 'e.json', content: JSON.stringify(schema, null, 2) }];
const open = json({ type: 'object', properties: { id: { type: 'string' }, amount: { type: 'integer' } }, required: ['id'] });
const amountRequired = json({
  type: 'object',
  properties: { id: { type: 'string' }, amount: { type: 'integer' } },
  required: ['id', 'amount'],
});

describe('checkEvolution (a provider against its earlier versions, per the mode)', () => {
  test.each<[string, SchemaFile[], SchemaCompatibilityMode, string]>([
    ['protobuf field removed, BACKWARD', fieldRemoved, 'BACKWARD', 'failure'],
    ['protobuf field removed, NONE', fieldRemoved, 'NONE', 'success'],
    ['protobuf field added, BACKWARD', fieldAdded, 'BACKWARD', 'success'],
    ['protobuf field added, FORWARD (old readers must accept the new schema as previous)', fieldAdded, 'FORWARD', 'failure'],
    ['protobuf field added, FULL', fieldAdded, 'FULL', 'failure'],
  ])('%s', (_name, current, mode, status) => {
    expect(checkEvolution('protobuf', [v1], current, mode).status).toBe(status);
  });

  test.each<[SchemaCompatibilityMode, string]>([
    ['BACKWARD', 'failure'],
    ['FORWARD', 'success'],
    ['FULL', 'failure'],
    ['NONE', 'success'],
  ])('jsonschema: an existing property becomes required under %s → %s', (mode, status) => {
    expect(checkEvolution('jsonschema', [open], amountRequired, mode).status).toBe(status);
  });

  test('transitive modes compare with every earlier version, the others with the latest only', () => {
    // v1 → removed → v1 again: against the latest (removed) adding the field back is fine; against v1 too
    const earlier = [v1, fieldRemoved];
    expect(checkEvolution('protobuf', earlier, fieldAdded, 'BACKWARD').status).toBe('success');
    expect(checkEvolution('protobuf', [fieldAdded, fieldRemoved], v1, 'BACKWARD_TRANSITIVE').status).toBe('failure');
  });

  test('the first breaking change names the rule', () => {
    const outcome = checkEvolution('protobuf', [v1], fieldRemoved, 'BACKWARD');
    expect(firstBreakingChange(outcome.findings)).toMatch(
      /^FIELD_NO_DELETE_UNLESS_NAME_RESERVED: Previously present field "2" with name "status" on message "M" was deleted/,
    );
  });
});

describe('checkConsumerSchema (consumer-driven: what the consumer reads must be offered)', () => {
  const reads = proto('message M {\n  string status = 2;\n}');
  test('the provider offers more than the consumer reads → success', () => {
    expect(checkConsumerSchema('protobuf', reads, v1, 'BACKWARD').status).toBe('success');
  });
  test('the provider dropped a field the consumer reads → failure', () => {
    const outcome = checkConsumerSchema('protobuf', reads, fieldRemoved, 'BACKWARD');
    expect(outcome.status).toBe('failure');
    expect(outcome.findings[0]?.rule).toBe('FIELD_NO_DELETE_UNLESS_NAME_RESERVED');
  });
  test('a JSON Schema consumer that requires what the provider leaves optional → failure', () => {
    expect(checkConsumerSchema('jsonschema', amountRequired, open, 'BACKWARD').status).toBe('failure');
    expect(checkConsumerSchema('jsonschema', open, open, 'BACKWARD').status).toBe('success');
  });
  test('an OpenAPI document as consumer schema cannot be decided (unknown, never success)', () => {
    expect(
      checkConsumerSchema(
        'openapi',
        [{ path: 'a.yaml', content: 'openapi: 3.1.0' }],
        [{ path: 'a.yaml', content: 'openapi: 3.1.0' }],
        'BACKWARD',
      ).status,
    ).toBe('unknown');
  });
});

describe('checkPactAgainstOpenApi', () => {
  const spec = [
    {
      path: 'api.yaml',
      content:
        'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /things/{id}:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, properties: { id: { type: integer } } }\n',
    },
  ];
  const pact = (body: unknown, status = 200) =>
    JSON.stringify({
      interactions: [
        {
          description: 'get a thing',
          request: { method: 'GET', path: '/things/1' },
          response: { status, headers: { 'Content-Type': 'application/json' }, body },
        },
      ],
    });
  test.each([
    ['a body the response schema allows', pact({ id: 1 }), 'success', undefined],
    ['a field the spec does not promise', pact({ id: 1, name: 'x' }), 'failure', 'response.body.incompatible'],
    ['a status the spec does not define', pact({ id: 1 }, 404), 'failure', 'response.status.unknown'],
    [
      'a path the spec does not have',
      JSON.stringify({ interactions: [{ description: 'd', request: { method: 'GET', path: '/nope' }, response: { status: 200 } }] }),
      'failure',
      'request.path-or-method.unknown',
    ],
    ['a pact without HTTP interactions', JSON.stringify({ messages: [] }), 'unknown', undefined],
  ])('%s', (_name, pactText, status, rule) => {
    const outcome = checkPactAgainstOpenApi(pactText, spec);
    expect(outcome.status).toBe(status);
    if (rule) expect(outcome.findings[0]?.rule).toBe(rule);
  });
});

describe('content identity and validation', () => {
  test('the root file stays first; the order of the others does not change the SHA', () => {
    const a = [
      { path: 'root.json', content: '{}' },
      { path: 'b.json', content: '{}' },
      { path: 'a.json', content: '{}' },
    ];
    const b = [
      { path: 'root.json', content: '{}' },
      { path: 'a.json', content: '{}' },
      { path: 'b.json', content: '{}' },
    ];
    expect(schemaContentSha('jsonschema', a)).toBe(schemaContentSha('jsonschema', b));
    expect(canonicalFiles(a).map((f) => f.path)).toEqual(['root.json', 'a.json', 'b.json']);
  });
  test('problems name the file and line', async () => {
    expect((await validateSchemaFiles('protobuf', [{ path: 'x.proto', content: 'syntax = "proto3";\nmessage {\n' }]))[0]).toMatchObject({
      file: 'x.proto',
      line: 2,
    });
    expect((await validateSchemaFiles('jsonschema', [{ path: '../x.json', content: '{}' }]))[0]?.message).toContain('relative');
  });
});
