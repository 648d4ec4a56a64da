// Hostile input corpus (issue: "a test suite that throws malformed and hostile inputs at every write
// endpoint ... and asserts 4xx problem+json, never 5xx, and that the data afterwards is unchanged").
// Every write endpoint gets a table of bodies and of names in its path; a rejected input must answer
// 4xx with a problem document and leave the row counts of the main tables exactly as they were.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import fc from 'fast-check';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, uniqueName, type PublishedPact } from '../support/seed.ts';
import { contract, pactFixtureText, publishBody } from '../support/pact-fixtures.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { queryText } from '../support/test-database.ts';

const TABLES = [
  'pacticipants',
  'versions',
  'pact_versions',
  'pact_publications',
  'verifications',
  'tags',
  'environments',
  'webhooks',
] as const;
type Counts = Record<(typeof TABLES)[number], number>;

let broker: TestBroker;
let consumer: string;
let provider: string;
let pact: PublishedPact;
let environmentUuid: string;
let deployedUuid: string;
let webhookUuid: string;

async function counts(): Promise<Counts> {
  const [row] = await queryText<Record<string, string | number>>(
    broker.db,
    `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`,
  );
  return Object.fromEntries(TABLES.map((t) => [t, Number(row![t])])) as Counts;
}

beforeAll(async () => {
  // A database of its own: the row counts must not move because another test file wrote something.
  broker = await startTestBroker({}, { LOG_LEVEL: process.env.HOSTILE_LOG ?? 'silent' }, { isolatedDatabase: true });
  const s = seed(broker.request);
  const c = s.pacticipant('hostile-consumer');
  const p = s.pacticipant('hostile-provider');
  [consumer, provider] = [c.name, p.name];
  pact = await c.publishPact({ version: '1', provider: p, branch: 'main', tags: ['prod'] });
  await p.verify(pact, { version: 'p1', success: true });
  const environment = await s.environment('hostile-env');
  environmentUuid = environment.uuid;
  deployedUuid = (await c.deploy('1', environment)).uuid;
  const webhook = await broker.request.post('/webhooks').send({
    description: 'hostile',
    events: [{ name: 'contract_content_changed' }],
    request: { url: 'https://example.org/hook', method: 'POST' },
  });
  expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
  webhookUuid = String(webhook.body._links.self.href).split('/').pop()!;
}, 120_000);

afterAll(async () => broker?.close());

type Method = 'post' | 'put' | 'patch' | 'delete';

interface Endpoint {
  name: string;
  method: Method;
  /** The path, with `name` (when given) in the position of a user-chosen name. */
  path: (name?: string) => string;
  /** The endpoint reads no body (Pact Broker create-or-update by URL): only unparseable JSON is rejected. */
  bodyIgnored?: boolean;
  /** Body cases that are valid here, e.g. an empty body on a create-or-update endpoint. */
  validBodies?: string[];
}

const seg = encodeURIComponent;
const LARGE = '1 MB strings in the name fields';
const NESTED_UNKNOWN = '10 000 levels of nested objects in an unknown field';
const PROTO = 'prototype pollution keys (unknown fields)';
/** Bodies that carry no field the endpoint reads: on an endpoint whose body is optional they are an empty body. */
const SURROGATES = 'lone surrogates in every field';
const SQL = 'SQL in every field';
/**
 * Strings that are legal text wherever a string is expected (a lone surrogate is stored as U+FFFD;
 * SQL is stored verbatim because every query is parameterised): an endpoint may accept them (2xx)
 * where its string fields are free text, and must otherwise reject them like any other bad body.
 */
const LEGAL_TEXT = [SURROGATES, SQL];
// A body nested deeper than TREATY_MAX_JSON_DEPTH is refused at the input boundary even where its
// fields are unknown and would be ignored (#11): nothing that passes the boundary can overflow the stack.
const EMPTY_LIKE = ['null', 'an empty object', PROTO];
const endpoints = (): Endpoint[] => [
  { name: 'POST /contracts/publish', method: 'post', path: () => '/contracts/publish' },
  {
    name: 'PUT /pacts/provider/{p}/consumer/{c}/version/{v}',
    method: 'put',
    path: (n) => `/pacts/provider/${seg(provider)}/consumer/${seg(n ?? consumer)}/version/2`,
  },
  {
    name: 'PATCH /pacts/provider/{p}/consumer/{c}/version/{v}',
    method: 'patch',
    path: (n) => `/pacts/provider/${seg(provider)}/consumer/${seg(n ?? consumer)}/version/2`,
  },
  {
    name: 'POST verification-results',
    method: 'post',
    path: () => `/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/pact-version/${pact.sha}/verification-results`,
  },
  { name: 'POST /pacticipants', method: 'post', path: () => '/pacticipants' },
  // An empty body replaces/merges nothing into an existing pacticipant, so null and {} are valid; a
  // 1 MB displayName is free text (not indexed, under TREATY_MAX_BODY_BYTES), so it is stored.
  {
    name: 'PUT /pacticipants/{name}',
    method: 'put',
    path: (n) => `/pacticipants/${seg(n ?? consumer)}`,
    validBodies: [...EMPTY_LIKE, LARGE],
  },
  {
    name: 'PATCH /pacticipants/{name}',
    method: 'patch',
    path: (n) => `/pacticipants/${seg(n ?? consumer)}`,
    validBodies: [...EMPTY_LIKE, LARGE],
  },
  {
    name: 'DELETE /pacticipants/{name}',
    method: 'delete',
    path: (n) => `/pacticipants/${seg(n ?? uniqueName('nobody'))}`,
    bodyIgnored: true,
  },
  // pact-broker create-version sends an empty PUT; the version exists, so nothing is created. The
  // large-strings body names no field this endpoint reads (only buildUrl), so it is an empty body too.
  {
    name: 'PUT /pacticipants/{name}/versions/{v}',
    method: 'put',
    path: (n) => `/pacticipants/${seg(n ?? consumer)}/versions/1`,
    validBodies: [...EMPTY_LIKE, LARGE],
  },
  {
    name: 'PUT /pacticipants/{name}/versions/{v}/tags/{tag}',
    method: 'put',
    path: (n) => `/pacticipants/${seg(consumer)}/versions/1/tags/${seg(n ?? 'prod')}`,
    bodyIgnored: true,
  },
  {
    name: 'PUT /pacticipants/{name}/branches/{b}/versions/{v}',
    method: 'put',
    path: (n) => `/pacticipants/${seg(consumer)}/branches/${seg(n ?? 'main')}/versions/1`,
    bodyIgnored: true,
  },
  { name: 'POST /environments', method: 'post', path: () => '/environments' },
  { name: 'PUT /environments/{uuid}', method: 'put', path: () => `/environments/${environmentUuid}` },
  // Recording a deployment needs no body ({} is what pact-broker record-deployment sends; only
  // applicationInstance is read); each creates a record. Recording a release reads no body at all.
  {
    name: 'POST deployed-versions',
    method: 'post',
    path: () => `/pacticipants/${seg(consumer)}/versions/1/deployed-versions/environment/${environmentUuid}`,
    validBodies: [...EMPTY_LIKE, LARGE],
  },
  {
    name: 'POST released-versions',
    method: 'post',
    path: () => `/pacticipants/${seg(consumer)}/versions/1/released-versions/environment/${environmentUuid}`,
    bodyIgnored: true,
  },
  { name: 'PATCH /deployed-versions/{uuid}', method: 'patch', path: () => `/deployed-versions/${deployedUuid}` },
  { name: 'POST /webhooks', method: 'post', path: () => '/webhooks' },
  { name: 'PUT /webhooks/{uuid}', method: 'put', path: () => `/webhooks/${webhookUuid}` },
  // A query, not a write: {} (no selectors) asks for the latest pacts.
  {
    name: 'POST /pacts/provider/{p}/for-verification',
    method: 'post',
    path: (n) => `/pacts/provider/${seg(n ?? provider)}/for-verification`,
    validBodies: [...EMPTY_LIKE.slice(1), LARGE],
  },
  { name: 'POST /graphql', method: 'post', path: () => '/graphql' },
];

const MB = 'x'.repeat(1024 * 1024);
const FIELDS = [
  'name',
  'displayName',
  'pacticipantName',
  'pacticipantVersionNumber',
  'branch',
  'buildUrl',
  'providerApplicationVersion',
  'applicationInstance',
  'description',
  'query',
  'consumer',
  'provider',
  'contracts',
  'tags',
  'events',
  'request',
  'success',
  'production',
  'currentlyDeployed',
  'consumerVersionSelectors',
  'interactions',
];
const deep = (open: string, close: string, inner = '1', depth = 10_000): string => open.repeat(depth) + inner + close.repeat(depth);
const everyField = (valueJson: string): string => `{${FIELDS.map((f) => `${JSON.stringify(f)}: ${valueJson}`).join(', ')}}`;

/** Raw request bodies (sent as application/json text), by case name. */
const bodies: Array<[string, string]> = [
  ['invalid JSON', '{"name": "order-service",'],
  ['invalid JSON (single quotes)', "{'name': 'x'}"],
  ['a JSON array', '[{"name": "order-service"}]'],
  ['a JSON string', '"order-service"'],
  ['a JSON number', '42'],
  ['JSON true', 'true'],
  ['null', 'null'],
  ['an empty object', '{}'],
  ['every field a number', everyField('42')],
  ['every field an array', everyField('[[]]')],
  ['every field an object', everyField('{"$ne": null}')],
  [
    LARGE,
    JSON.stringify({
      name: MB,
      pacticipantName: MB,
      pacticipantVersionNumber: MB,
      displayName: MB,
      providerApplicationVersion: MB,
      branch: MB,
    }),
  ],
  ['10 000 levels of nested arrays', deep('[', ']')],
  [NESTED_UNKNOWN, deep('{"a":', '}')],
  ['10 000 levels of nesting in every field', everyField(deep('[', ']'))],
  ['NUL and control characters in every field', everyField(JSON.stringify('a\u0000b\u0007\u001b[31m'))],
  [SURROGATES, everyField('"\\ud800\\udfff\\udc00"')],
  [SQL, everyField(JSON.stringify("'; DROP TABLE pacticipants;--"))],
  [PROTO, '{"__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}'],
];

async function send(method: Method, path: string, body?: string, contentType = 'application/json'): Promise<supertest.Response> {
  const req = broker.request[method](path).set('Accept', 'application/problem+json, application/json');
  return body === undefined ? req : req.set('Content-Type', contentType).send(body);
}

/** A 4xx whose body explains itself: a problem document with a detail (GraphQL-over-HTTP answers `errors` instead). */
function expectRejected(res: supertest.Response, path: string, what: string): void {
  expect(res.status, `${what}: ${res.status} ${res.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${res.text.slice(0, 500)}`).toBeLessThan(500);
  if (path === '/graphql' && !/problem\+json/.test(String(res.headers['content-type']))) {
    expect(Array.isArray(res.body.errors), `${what}: ${res.text.slice(0, 500)}`).toBe(true);
    return;
  }
  expect(typeof res.body.detail, `${what}: ${res.text.slice(0, 500)}`).toBe('string');
  expect(res.body.status).toBe(res.status);
}

describe('when a write endpoint gets a malformed or hostile body', () => {
  it.each(endpoints().map((e) => [e.name, e] as const))(
    '%s answers 4xx problem+json and changes no data',
    { timeout: 300_000 },
    async (_name, endpoint) => {
      let before = await counts();
      for (const [label, body] of bodies) {
        if (endpoint.bodyIgnored && !label.startsWith('invalid JSON')) continue;
        const path = endpoint.path();
        const res = await send(endpoint.method, path, body);
        if (LEGAL_TEXT.includes(label) && res.status < 300) {
          before = await counts(); // accepted: the new rows are the baseline for the next input
          continue;
        }
        if (endpoint.validBodies?.includes(label)) {
          expect(res.status, `${label}: ${res.text.slice(0, 500)}`).toBeLessThan(300);
          before = await counts();
          continue;
        }
        // GraphQL answers 200 with `errors` to a request whose query is invalid but well-formed JSON (GraphQL over HTTP, application/json).
        if (path === '/graphql' && res.status === 200) {
          expect(Array.isArray(res.body.errors), `${label}: ${res.text.slice(0, 500)}`).toBe(true);
          expect(await counts(), label).toEqual(before);
          continue;
        }
        expectRejected(res, path, label);
        expect(await counts(), label).toEqual(before);
      }
      expect(({} as Record<string, unknown>).admin, 'Object.prototype was polluted').toBeUndefined();
    },
  );

  it('rejects a body over TREATY_MAX_BODY_BYTES with 413 problem+json', async () => {
    const before = await counts();
    const res = await send('post', '/contracts/publish', JSON.stringify({ pacticipantName: 'x'.repeat(11 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/TREATY_MAX_BODY_BYTES/);
    expect(await counts()).toEqual(before);
  });
});

describe('when an invalid pact is published', () => {
  const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
  const invalidPacts: Array<[string, (c: string, p: string) => string]> = [
    ['content that is not base64 JSON', () => '!!not base64!!'],
    ['base64 of text that is not JSON', () => b64('not json')],
    ['a pact that is a JSON array', () => b64('[]')],
    [
      'a pact nested 10 000 levels deep',
      (c, p) => b64(`{"consumer":{"name":${JSON.stringify(c)}},"provider":{"name":${JSON.stringify(p)}},"interactions":${deep('[', ']')}}`),
    ],
    [
      'a pact whose consumer differs from consumerName',
      (_c, p) => b64({ consumer: { name: 'someone-else' }, provider: { name: p }, interactions: [] }),
    ],
    [
      'a pact with interactions that are not an array',
      (c, p) => b64({ consumer: { name: c }, provider: { name: p }, interactions: 'all of them' }),
    ],
  ];

  it.each(invalidPacts)('POST /contracts/publish rejects %s with 4xx and stores nothing', async (label, content) => {
    const before = await counts();
    const body = publishBody({ consumer, provider, version: uniqueName('v'), text: '{}' });
    body.contracts[0]!.content = content(consumer, provider);
    const res = await send('post', '/contracts/publish', JSON.stringify(body));
    expectRejected(res, '/contracts/publish', label);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['a JSON array', '[]'],
    ['a pact nested 10 000 levels deep', `{"interactions":${deep('[', ']')}}`],
    ['a pact with interactions that are not an array', '{"interactions": "all of them"}'],
  ])('PUT /pacts/provider/{p}/consumer/{c}/version/{v} rejects %s with 4xx and stores nothing', async (label, text) => {
    const before = await counts();
    const res = await send('put', `/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/version/${uniqueName('v')}`, text);
    expectRejected(res, '/pacts', label);
    expect(await counts()).toEqual(before);
  });

  it('rejects a contract of a specification it does not know with 4xx', async () => {
    const body = {
      pacticipantName: consumer,
      pacticipantVersionNumber: uniqueName('v'),
      contracts: [{ ...contract(consumer, provider, pactFixtureText('v3-http.json', consumer, provider)), specification: 'wsdl' }],
    };
    const before = await counts();
    const res = await send('post', '/contracts/publish', JSON.stringify(body));
    expectRejected(res, '/contracts/publish', 'unknown specification');
    expect(await counts()).toEqual(before);
  });
});

/** Names placed in a path segment. `valid` names are legal (names are free text, stored verbatim, matched case-insensitively). */
const names: Array<{ label: string; name: string; valid: boolean }> = [
  { label: 'NUL (PostgreSQL text cannot hold it)', name: 'a\u0000b', valid: false },
  { label: 'a 6 KB random name (over the PostgreSQL index row limit)', name: randomBytes(4608).toString('base64'), valid: false },
  { label: 'emoji (legal: names are Unicode text)', name: `🚀-service-${uniqueName('e')}`, valid: true },
  {
    label: 'an RTL override mark (legal Unicode text, displayed escaped by clients)',
    name: `\u202Eecivres-${uniqueName('r')}`,
    valid: true,
  },
  {
    label: 'SQL (legal: stored verbatim, queries are parameterised)',
    name: `'; DROP TABLE pacticipants;-- ${uniqueName('s')}`,
    valid: true,
  },
  { label: 'path traversal (legal: a name, never a file path)', name: `../../etc/passwd-${uniqueName('t')}`, valid: true },
];

const named = (): Endpoint[] => endpoints().filter((e) => e.path.length > 0);
const bodyFor = (endpoint: Endpoint): string | undefined =>
  endpoint.name.startsWith('PUT /pacts') || endpoint.name.startsWith('PATCH /pacts')
    ? JSON.stringify({ interactions: [], metadata: { pactSpecification: { version: '3.0.0' } } })
    : endpoint.bodyIgnored
      ? undefined
      : '{}';

describe('when a name in the path is hostile', () => {
  it.each(named().map((e) => [e.name, e] as const))(
    '%s rejects unstorable names with 400/404 and answers legal ones without 5xx',
    { timeout: 120_000 },
    async (_n, endpoint) => {
      for (const { label, name, valid } of names) {
        const before = await counts();
        const res = await send(endpoint.method, endpoint.path(name), bodyFor(endpoint));
        expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expectRejected(res, endpoint.path(), label);
        // An unstorable name is never stored (a lookup, like DELETE of an unknown pacticipant, may still answer 404).
        if (!valid) expect(await counts(), label).toEqual(before);
      }
      // The tables the SQL-ish names aimed at are still there.
      expect((await counts()).pacticipants).toBeGreaterThan(0);
    },
  );

  it('treats a raw %2e%2e%2f segment as the name "../", not as a path to resolve', async () => {
    const res = await broker.request.put(`/pacticipants/%2e%2e%2f${uniqueName('dots')}`).send({});
    expect(res.status).toBe(201);
    expect(res.body.name).toMatch(/^\.\.\/dots-/);
  });

  it('rejects a path longer than the HTTP server accepts with 431 (Node rejects it before the broker sees it)', async () => {
    // Over a raw socket: the server answers 431 and closes while the client is still sending the 1 MB, and Node 24's
    // HTTP client then reports the reset as the request's error even after the answer arrived. What counts is the answer.
    const { hostname, port } = new URL(await broker.listen());
    const status = await new Promise<string | undefined>((resolve) => {
      const socket = connect(Number(port), hostname);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('error', () => {}); // the reset after the answer
      socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1]));
      socket.write(
        `PUT /pacticipants/${'n'.repeat(1024 * 1024)} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
      );
    });
    expect(status).toBe('431');
  });
});

describe('when names in a body are hostile', () => {
  it.each(names.map((n) => [n.label, n] as const))(
    'POST /contracts/publish with a pacticipant name containing %s',
    async (_l, { label, name, valid }) => {
      const before = await counts();
      const prov = uniqueName('prov');
      const res = await send(
        'post',
        '/contracts/publish',
        JSON.stringify(publishBody({ consumer: name, provider: prov, version: '1', text: pactFixtureText('v3-http.json', name, prov) })),
      );
      if (valid) {
        expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(200);
      } else {
        expectRejected(res, '/contracts/publish', label);
        expect(await counts()).toEqual(before);
      }
    },
  );

  it.each(names.map((n) => [n.label, n] as const))(
    'POST /pacticipants and POST /environments with a name containing %s',
    async (_l, { label, name, valid }) => {
      for (const path of ['/pacticipants', '/environments']) {
        const before = await counts();
        const res = await send('post', path, JSON.stringify({ name: path === '/environments' ? name.replaceAll(' ', '_') : name }));
        expect(res.status, `${path} ${label}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (!valid) {
          expectRejected(res, path, label);
          expect(await counts()).toEqual(before);
        }
      }
    },
  );
});

describe('POST /contracts/publish with arbitrary JSON (property)', () => {
  const arbitraryBody = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.record(
      {
        pacticipantName: fc.string({ unit: 'binary' }),
        pacticipantVersionNumber: fc.string({ unit: 'binary' }),
        contracts: fc.array(
          fc.dictionary(fc.constantFrom('consumerName', 'providerName', 'specification', 'contentType', 'content'), fc.jsonValue()),
        ),
      },
      { requiredKeys: [] },
    ),
  );

  it('never answers 5xx', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryBody, fc.boolean(), async (value, asJsonText) => {
        // Either the JSON text, or that text cut short (invalid JSON), or a bare string sent as the body.
        const json = JSON.stringify(value) ?? 'null';
        const text = asJsonText ? json : typeof value === 'string' ? value : json.slice(0, -1);
        const res = await send('post', '/contracts/publish', text);
        expect(res.status, `${res.status} for ${JSON.stringify(text).slice(0, 300)}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
