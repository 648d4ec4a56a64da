// The input boundary (http/input-boundary.ts, http/http-server.ts, issue #11): the exact inputs
// that answered 500 (or a bare status line) before, each now a 4xx problem document that names what
// was wrong, and the limits themselves: a document at the depth limit is accepted, one level more is not.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth } from '../../src/domain/json-depth.ts';
import { sendBytes, sendRaw, type RawRequest, type RawResponse } from '../support/raw-http.ts';
import { pactFixtureText, publishBody } from '../support/pact-fixtures.ts';
import { seed, uniqueName, type PublishedPact } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const LIMIT = 100; // TREATY_MAX_JSON_DEPTH's default
const PROBLEM = 'application/problem+json';

let broker: TestBroker;
let baseUrl: string;
let consumer: string;
let provider: string;
let pact: PublishedPact;

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
  const s = seed(broker.request);
  const c = s.pacticipant('boundary-consumer');
  const p = s.pacticipant('boundary-provider');
  [consumer, provider] = [c.name, p.name];
  pact = await c.publishPact({ version: '1', provider: p, branch: 'main' });
}, 120_000);

afterAll(async () => broker?.close());

const send = (request: RawRequest): Promise<RawResponse> =>
  sendRaw(baseUrl, { ...request, headers: { Accept: PROBLEM, ...request.headers } });
const json = (method: string, path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  send({ method, path, body, headers: { 'Content-Type': 'application/json', ...headers } });
const pactPath = () => `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}`;

function expectProblem(res: RawResponse, status: number, detail?: RegExp): Record<string, unknown> {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type'], res.text).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\/treaty\.dev\/problems\//);
  if (detail) expect(body.detail).toMatch(detail);
  expect(res.text).not.toMatch(/\n\s+at /);
  return body;
}

/** `{"a": {"a": ... 1}}` nested so that `wrap(value)` reaches exactly `total` levels. */
function nestedTo(total: number, wrap: (value: unknown) => unknown): unknown {
  let value: unknown = 1;
  while (jsonDepth(wrap(value)) < total) value = { a: value };
  const document = wrap(value);
  expect(jsonDepth(document)).toBe(total);
  return document;
}

describe('JSON bodies are limited in depth (TREATY_MAX_JSON_DEPTH) before any route reads them', () => {
  const bodies: Array<[string, () => string, (value: unknown) => unknown]> = [
    [
      'a pact (PUT)',
      () => `${pactPath()}/version/${uniqueName('v')}`,
      (v) => ({ consumer: { name: consumer }, provider: { name: provider }, interactions: [], metadata: { deep: v } }),
    ],
    [
      "a webhook's request body (POST /webhooks)",
      () => '/webhooks',
      (v) => ({
        description: 'deep',
        // scoped to this file's pair: on a shared PostgreSQL database a global webhook would fire for every test's pacts
        consumer: { name: consumer },
        provider: { name: provider },
        events: [{ name: 'contract_content_changed' }],
        request: { url: 'https://example.org/hook', method: 'POST', body: v },
      }),
    ],
    [
      "a verification result's testResults",
      () => `${pactPath()}/pact-version/${pact.sha}/verification-results`,
      (v) => ({ success: true, providerApplicationVersion: uniqueName('p'), testResults: v }),
    ],
  ];

  it.each(bodies)(
    '%s one level over the limit is a 400 naming the limit; at the limit it is stored and read back',
    async (_label, path, wrap) => {
      const method = path().startsWith('/pacts/provider') && path().includes('/version/') ? 'PUT' : 'POST';
      const tooDeep = await json(method, path(), JSON.stringify(nestedTo(LIMIT + 1, wrap)));
      expectProblem(tooDeep, 400, /more than 100 levels deep \(the limit, TREATY_MAX_JSON_DEPTH\)/);

      const atLimit = await json(method, path(), JSON.stringify(nestedTo(LIMIT, wrap)));
      expect(atLimit.status, atLimit.text).toBeLessThan(300);
      const self = (JSON.parse(atLimit.text) as { _links: { self: { href: string } } })._links.self.href;
      const readBack = await send({ method: 'GET', path: new URL(self).pathname });
      expect(readBack.status, readBack.text).toBe(200);
    },
  );

  it.each([
    ['10 000 levels of arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['100 000 levels of objects', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
  ])('%s in a webhook body is refused quickly (the issue: a stack overflow when serialised again)', async (_label, deep) => {
    const res = await json(
      'POST',
      '/webhooks',
      `{"description":"d","events":[{"name":"contract_content_changed"}],"request":{"url":"https://example.org","method":"POST","body":${deep}}}`,
    );
    expectProblem(res, 400, /TREATY_MAX_JSON_DEPTH/);
    expect(res.ms).toBeLessThan(3_000);
  });

  it('a pact inside POST /contracts/publish (base64 content) is limited too', async () => {
    const text = JSON.stringify(
      nestedTo(LIMIT + 1, (v) => ({ consumer: { name: consumer }, provider: { name: provider }, interactions: [], metadata: { deep: v } })),
    );
    const body = publishBody({ consumer, provider, version: uniqueName('v'), text });
    const res = await json('POST', '/contracts/publish', JSON.stringify(body));
    const problem = expectProblem(res, 400, /contracts\[0\]\.content: nests arrays and objects more than 100 levels deep/);
    expect(problem.errors).toHaveProperty(['contracts[0].content']);
  });
});

describe('schema documents are limited in nesting before a parser reads them (one crashed the broker: out of memory)', () => {
  /** An OpenAPI document whose components nest `levels` block-indented levels (YAML) deep. */
  const openApiYaml = (levels: number): string => {
    let text = 'openapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\npaths: {}\ncomponents:\n  schemas:\n    X:\n';
    let indent = '      ';
    for (let i = 0; i < levels; i++) {
      text += `${indent}type: object\n${indent}properties:\n${indent}  a:\n`;
      indent += '    ';
    }
    return `${text}${indent}type: string\n`;
  };
  const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const cases: Array<[string, string, string, string]> = [
    [
      'an OpenAPI JSON document 5 000 levels deep',
      'openapi',
      'o.json',
      `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},"x":${deepArray(5000)}}`,
    ],
    ['an OpenAPI YAML document 300 block levels deep', 'openapi', 'o.yaml', openApiYaml(150)],
    [
      'an AsyncAPI YAML flow sequence 20 000 levels deep',
      'asyncapi',
      'a.yaml',
      `asyncapi: 2.6.0\ninfo: {title: t, version: "1"}\nchannels: {}\nx: ${deepArray(20_000)}\n`,
    ],
    ['protobuf messages nested 3 000 deep', 'protobuf', 'a.proto', `syntax = "proto3";\n${'message M { '.repeat(3000)}${'}'.repeat(3000)}`],
    [
      'a JSON Schema 5 000 levels deep',
      'jsonschema',
      's.json',
      '{"type":"object","properties":{"a":'.repeat(5000) + '{"type":"string"}' + '}}'.repeat(5000),
    ],
  ];
  const schemaBody = (kind: string, path: string, content: string) =>
    JSON.stringify({
      pacticipantName: consumer,
      pacticipantVersionNumber: uniqueName('v'),
      subject: uniqueName('deep.subject'),
      kind,
      role: 'provider',
      files: [{ path, content }],
    });

  it.each(cases)('%s is a 400 from /schemas/check and /schemas/publish', async (_label, kind, path, content) => {
    for (const endpoint of ['/schemas/check', '/schemas/publish']) {
      const res = await json('POST', endpoint, schemaBody(kind, path, content));
      expectProblem(res, 400, new RegExp(`${path.replace('.', '\\.')}: nests more than 100 levels deep`));
    }
    expect((await send({ method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('an OpenAPI YAML document just under the limit publishes', async () => {
    const res = await json('POST', '/schemas/publish', schemaBody('openapi', 'o.yaml', openApiYaml(45)));
    expect(res.status, res.text).toBe(201);
  });
});

describe('a body whose Content-Encoding does not match its bytes keeps a 4xx status', () => {
  it.each([
    ['gzip on a plain body', 'gzip', 400, /could not be decoded with its Content-Encoding/],
    ['deflate on a plain body', 'deflate', 400, /could not be decoded with its Content-Encoding/],
    ['br on a plain body', 'br', 400, /could not be decoded with its Content-Encoding/],
    ['an unsupported encoding', 'compress', 415, /unsupported content encoding "compress"/],
    ['gzip twice', 'gzip, gzip', 415, /unsupported content encoding/],
  ])('%s → %i', async (_label, encoding, status, detail) => {
    const res = await json('POST', '/pacticipants', JSON.stringify({ name: uniqueName('enc') }), { 'Content-Encoding': encoding });
    expectProblem(res, status, detail);
  });

  it('a gzip body that is gzip is read', async () => {
    const name = uniqueName('gzipped');
    const res = await json('POST', '/pacticipants', gzipSync(JSON.stringify({ name })), { 'Content-Encoding': 'gzip' });
    expect(res.status, res.text).toBe(201);
    expect(JSON.parse(res.text).name).toBe(name);
  });

  it('a body that is not JSON is a 415 naming the expected type; an empty PUT (the Pact Broker CLI) is not', async () => {
    const res = await send({
      method: 'POST',
      path: '/pacticipants',
      body: 'name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, /Content-Type: application\/json/);
    const empty = await send({ method: 'PUT', path: `/pacticipants/${encodeURIComponent(consumer)}/versions/${uniqueName('v')}` });
    expect(empty.status, empty.text).toBeLessThan(300);
  });

  it('invalid JSON is a 400 malformed-json problem', async () => {
    const res = await json('POST', '/pacticipants', '{"name": ');
    expect(expectProblem(res, 400).type).toBe('https://treaty.dev/problems/malformed-json');
  });
});

describe('malformed percent-encoding anywhere in the URL is a 400', () => {
  const SEQUENCES = ['%ff%fe', '%E0%A4%A', '%ED%A0%80', '%%', '%'];
  const places: Array<[string, (bad: string) => string]> = [
    ['a pacticipant name', (bad) => `/pacticipants/${bad}`],
    ['a pacticipant name (PUT)', (bad) => `/pacticipants/a${bad}-z`],
    ['a pact metadata segment', (bad) => `${pactPath()}/pact-version/${pact.sha}/metadata/${bad}`],
    ['a verification metadata segment', (bad) => `${pactPath()}/pact-version/${pact.sha}/metadata/${bad}/verification-results`],
    ['a version number', (bad) => `/pacticipants/${encodeURIComponent(consumer)}/versions/${bad}`],
    ['an unknown path', (bad) => `/no-such-thing/${bad}`],
    ['a query value', (bad) => `/matrix?q[][pacticipant]=${bad}`],
  ];
  const cases = places.flatMap(([place, path]) => SEQUENCES.map((bad) => [place, bad, path] as const));

  it.each(cases)('%s with %s', async (place, bad, path) => {
    const method = place.includes('PUT') ? 'PUT' : 'GET';
    expectProblem(await send({ method, path: path(bad) }), 400, /malformed percent-encoding/);
  });

  it('a well-formed escape of any Unicode text still reaches the route', async () => {
    const res = await send({ method: 'GET', path: `/pacticipants/${encodeURIComponent('🚀-not-there')}` });
    expectProblem(res, 404);
  });
});

describe('numeric query parameters are whole numbers within stated bounds', () => {
  const lists = () => [
    '/pacticipants',
    `/pacticipants/${encodeURIComponent(consumer)}/versions`,
    `/pacticipants/${encodeURIComponent(consumer)}/branches/main/versions`,
    '/audit-events',
    '/tokens',
  ];
  const SIZES = ['1e308', '99999999999999999999', '1001', '0', '-1', '1.5', '0x10', 'NaN', '1e3'];
  const PAGES = ['99999999999', '1e308', '0', '-5', '2147483648', '9007199254740993'];

  it.each(SIZES)('size=%s is a 400 that states the range 1..1000', async (size) => {
    for (const path of lists()) {
      expectProblem(await send({ method: 'GET', path: `${path}?size=${size}` }), 400, /^size: must be a whole number from 1 to 1000/);
      expectProblem(await send({ method: 'GET', path: `${path}?pageSize=${size}` }), 400, /^size: must be a whole number from 1 to 1000/);
    }
  });

  it.each(PAGES)('page=%s is a 400 that states the range 1..2147483647', async (page) => {
    for (const path of lists()) {
      expectProblem(await send({ method: 'GET', path: `${path}?page=${page}` }), 400, /^page: must be a whole number from 1 to 2147483647/);
    }
  });

  it('the bounds themselves are accepted', async () => {
    for (const path of lists()) {
      const res = await send({ method: 'GET', path: `${path}?page=2147483647&size=1000` });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
  });

  it.each(['1e308', '99999999999999999999', '1000001'])('the matrix limit=%s is a 400, not a bigint overflow', async (limit) => {
    const res = await send({ method: 'GET', path: `/matrix?q[][pacticipant]=${encodeURIComponent(consumer)}&limit=${limit}` });
    expectProblem(res, 400, /limit must be/i);
  });

  it('webhook executions: size and before are bounded too', async () => {
    const path = `/webhooks/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/executions`;
    expectProblem(await send({ method: 'GET', path: `${path}?size=1e308` }), 400, /from 1 to 100/);
    expectProblem(await send({ method: 'GET', path: `${path}?before=99999999999999999999` }), 400, /^before: must be a whole number/);
  });
});

describe('every 4xx the HTTP layer decides is a problem document', () => {
  it('an unknown route is a 404', async () => {
    expectProblem(await send({ method: 'GET', path: '/no/such/resource' }), 404, /Start from GET \//);
  });

  it.each([
    ['PATCH', '/health', 'GET, HEAD'],
    ['DELETE', '/matrix', 'GET, HEAD'],
    ['POST', '/pacticipants/x/versions', 'GET, HEAD'],
    ['PUT', '/contracts/publish', 'POST'],
  ])('%s %s is a 405 with Allow: %s', async (method, path, allow) => {
    const res = await send({ method, path });
    expectProblem(res, 405, /is not allowed on/);
    expect(res.headers.allow).toBe(allow);
  });

  it('headers over the server limit are a 431 problem document (written by the HTTP server, before Express)', async () => {
    const res = await send({ method: 'GET', path: '/health', headers: { 'X-Padding': 'x'.repeat(20_000) } });
    expectProblem(res, 431, /exceed 16384 bytes/);
    const longPath = await send({ method: 'PUT', path: `/pacticipants/${'n'.repeat(1024 * 1024)}` });
    expectProblem(longPath, 431);
  });

  const request = (head: string, body = '') => `${head}\r\nConnection: close\r\n\r\n${body}`;
  it.each([
    ['bytes that are not HTTP', 'GARBAGE\r\n\r\n', /HPE_/],
    ['an unknown method', request('FOO /health HTTP/1.1\r\nHost: x'), /HPE_INVALID_METHOD/],
    ['raw non-ASCII bytes in the path', request('GET /pacticipants/\u00ff\u00fe HTTP/1.1\r\nHost: x'), /HPE_INVALID_URL/],
    ['a Content-Length that is not a number', request('POST /pacticipants HTTP/1.1\r\nHost: x\r\nContent-Length: abc'), /CONTENT_LENGTH/],
    [
      'two Content-Lengths',
      request('POST /pacticipants HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2', '{}'),
      /CONTENT_LENGTH/,
    ],
    [
      'a malformed chunk',
      request(
        'POST /pacticipants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked',
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
      /CHUNK/,
    ],
    ['an HTTP/1.1 request without Host', request('GET /health HTTP/1.1'), /host: is missing/],
    ['a Host that is not a host', request('GET /pacticipants HTTP/1.1\r\nHost: a b c'), /is not a host name/],
  ])('%s is a 400 problem document', async (_label, bytes, detail) => {
    const answer = await sendBytes(baseUrl, Buffer.from(bytes, 'latin1'));
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/Content-Type: application\/(problem|hal)\+json/i);
    const problem = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { status: number; detail: string };
    expect(problem.status).toBe(400);
    expect(problem.detail).toMatch(detail);
  });

  it('forged X-Forwarded-Proto and X-Forwarded-Host never reach the links', async () => {
    const res = await send({
      method: 'GET',
      path: '/pacticipants',
      headers: { Accept: 'application/hal+json', 'X-Forwarded-Proto': 'javascript', 'X-Forwarded-Host': 'evil%%host x' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)._links.self.href).toBe(`${baseUrl}/pacticipants`);
  });

  it('the broker still answers /health afterwards', async () => {
    const res = await send({ method: 'GET', path: '/health' });
    expect(res.status).toBe(200);
  });
});

describe('publishing still works through the boundary', () => {
  it('a real pact publishes and reads back', async () => {
    const prov = uniqueName('prov');
    const body = publishBody({ consumer, provider: prov, version: uniqueName('v'), text: pactFixtureText('v3-http.json', consumer, prov) });
    const res = await json('POST', '/contracts/publish', JSON.stringify(body));
    expect(res.status, res.text).toBe(200);
  });
});

describe('lone UTF-16 surrogates in a JSON body are stored as U+FFFD (PostgreSQL refuses them in jsonb)', () => {
  // `"\ud800"` is legal JSON but not a Unicode character. PostgreSQL's jsonb refuses the escape, which
  // answered 500 for a webhook whose request body held one (found by hostile-routes.property.test.ts).
  const LONE = '\\ud800 and \\udfff';
  const PAIR = '\\ud83d\\ude00'; // an escaped emoji: a valid pair, kept

  it('a webhook whose request body, description and header name hold them is created and reads back with U+FFFD', async () => {
    const uuid = crypto.randomUUID();
    const text = `{"description":"d ${LONE} ${PAIR}","events":[{"name":"contract_content_changed"}],"request":{"url":"https://example.org","method":"POST","headers":{"X-\\udc00":"v"},"body":"${LONE}"}}`;
    const res = await json('PUT', `/webhooks/${uuid}`, text);
    expect(res.status, res.text).toBeLessThan(300);
    const read = await send({ method: 'GET', path: `/webhooks/${uuid}`, headers: { Accept: 'application/hal+json' } });
    expect(read.status, read.text).toBe(200);
    const webhook = JSON.parse(read.text) as { description: string; request: { body: string; headers: Record<string, string> } };
    expect(webhook.request.body).toBe('\ufffd and \ufffd');
    expect(webhook.description).toBe('d \ufffd and \ufffd 😀');
    expect(Object.keys(webhook.request.headers)).toEqual(['X-\ufffd']);
  });

  it('a pact whose interaction holds them publishes, and is served as sent (its bytes are ASCII escapes, kept verbatim)', async () => {
    const prov = uniqueName('prov');
    const version = uniqueName('v');
    const pactText = pactFixtureText('v3-http.json', consumer, prov);
    const withLone = JSON.stringify(JSON.parse(pactText)).replace(
      '"interactions":[{"description":"',
      `"interactions":[{"description":"${LONE} `,
    );
    expect(withLone).toContain('\\ud800');
    const body = publishBody({ consumer, provider: prov, version, text: withLone });
    const res = await json('POST', '/contracts/publish', JSON.stringify(body));
    expect(res.status, res.text).toBe(200);
    const read = await send({
      method: 'GET',
      path: `/pacts/provider/${encodeURIComponent(prov)}/consumer/${encodeURIComponent(consumer)}/version/${version}`,
      headers: { Accept: 'application/json' },
    });
    expect(read.status, read.text).toBe(200);
    expect(read.text).toContain(`"interactions":[{"description":"${LONE} `);
  });
});
