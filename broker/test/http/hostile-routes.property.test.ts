// Hostile input against EVERY route in paths.ts (issue #11): generated path segments, query values,
// headers and bodies (deep, wide, wrong types, bad encodings, huge and exponent numbers, unicode),
// sent over a real loopback connection exactly as the bytes a client could send. Properties:
//  * never a 5xx, and never slower than a few seconds;
//  * every 4xx is a problem document (type, title, status, detail) typed as problem.ts promises
//    for the request's Accept header (application/problem+json, or application/hal+json for HAL clients);
//  * /health answers afterwards.
// The inputs that found bugs are kept as explicit regression cases in the table below.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { problemContentType } from '../../src/http/problem.ts';
import { startHttpTarget, type HttpTarget } from '../support/http-target.ts';
import { sendRaw, type RawRequest, type RawResponse } from '../support/raw-http.ts';
import { seed, type PublishedPact } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

/** A request is a stall when it takes longer than this (the machine running the suite may be busy). */
const SLOW_MS = 5_000;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
const MAX_DEPTH = 100;

let broker: TestBroker;
let baseUrl: string;
let known: Record<string, string>;
let pact: PublishedPact;
let target: HttpTarget;

beforeAll(async () => {
  // A database of its own: generated requests include DELETEs, POST /admin/cleanup and imports,
  // which must not touch the data of test files sharing a PostgreSQL database.
  broker = await startTestBroker({}, { LOG_LEVEL: process.env.HOSTILE_LOG ?? 'silent' }, { isolatedDatabase: true });
  baseUrl = await broker.listen();
  target = await startHttpTarget();
  const s = seed(broker.request);
  const consumer = s.pacticipant('fuzz-consumer');
  const provider = s.pacticipant('fuzz-provider');
  pact = await consumer.publishPact({ version: '1', provider, branch: 'main', tags: ['prod'] });
  await provider.verify(pact, { version: 'p1', success: true });
  const environment = await s.environment('fuzz-env');
  const deployed = await consumer.deploy('1', environment);
  const webhook = await broker.request.post('/webhooks').send({
    description: 'fuzz',
    events: [{ name: 'contract_content_changed' }],
    request: { url: `${target.url}/hook`, method: 'POST' },
  });
  expect(webhook.status, webhook.text).toBe(201);
  known = {
    pacticipant: consumer.name,
    consumer: consumer.name,
    provider: provider.name,
    version: '1',
    consumerVersion: '1',
    otherVersion: '1',
    tag: 'prod',
    to: 'prod',
    branch: 'main',
    label: 'fuzz',
    sha: pact.sha,
    metadata: Buffer.from('{"cvn":"1"}').toString('base64url'),
    number: '1',
    environment: environment.uuid,
    uuid: String(webhook.body._links.self.href).split('/').pop()!,
    deployedUuid: deployed.uuid,
    id: '1',
    subject: 'fuzz.subject',
  };
}, 120_000);

afterAll(async () => {
  await broker?.close();
  await target?.close();
});

// ---------------------------------------------------------------------------------------------
// Sending raw bytes: no client library normalises the path, the headers or the body.

const send = (request: RawRequest): Promise<RawResponse> => sendRaw(baseUrl, request, SLOW_MS * 2);

const describeRequest = (r: RawRequest): string =>
  `${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers ?? {})} body=${JSON.stringify(String(r.body ?? '').slice(0, 200))}`;

/** The properties every answer must have. */
function expectWellBehaved(request: RawRequest, res: RawResponse): void {
  const what = `${describeRequest(request)} → ${res.status} ${String(res.headers['content-type'])} ${res.text.slice(0, 300)}`;
  // The one 5xx by design: like the Pact Broker, testing a webhook whose target fails answers 500 with
  // the execution result (success false, the logs); the broker itself is fine.
  if (res.status === 500 && /\/webhooks\/[^/]+\/execute$/.test(request.path.split('?')[0]!)) {
    expect(safeJson(res.text)?.success, what).toBe(false);
    return;
  }
  expect(res.status, what).toBeLessThan(500);
  expect(res.ms, `${what} took ${Math.round(res.ms)} ms`).toBeLessThan(SLOW_MS);
  if (res.status < 400) return;
  const type = String(res.headers['content-type'] ?? '');
  // GraphQL over HTTP answers a refused operation with its own `errors` document (see graphql.test.ts).
  if (request.path.startsWith('/graphql') && /json/.test(type) && Array.isArray(safeJson(res.text)?.errors)) return;
  expect(mediaType(type), what).toBe(mediaType(problemContentType(request.headers?.Accept)));
  if (request.method === 'HEAD') return; // the same headers as GET, and never a body
  const problem = safeJson(res.text);
  expect(problem, what).toBeTypeOf('object');
  expect(problem?.status, what).toBe(res.status);
  expect(problem?.type, what).toMatch(/^https:\/\/treaty\.dev\/problems\//);
  expect(problem?.detail, what).toBeTypeOf('string');
  expect(res.text, `${what}: a stack trace leaked`).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
}

const mediaType = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Routes: every template of paths.ts, with each placeholder filled by a known value or a hostile one.

const templates = Object.entries(paths).map(([name, template]) => ({ name, template }));
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

function fill(template: string, segment: (placeholder: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => segment(name));
}

const knownSegment = (placeholder: string): string => encodeURIComponent(known[placeholder] ?? 'x');

/** Malformed percent-encoding: invalid UTF-8, truncated sequences, an encoded lone surrogate, bare %. */
const MALFORMED_ESCAPES = ['%ff%fe', '%E0%A4%A', '%ED%A0%80', '%%', '%', '%zz', 'a%', '%C0%AF', '%F4%90%80%80'];
const HOSTILE_NUMBERS = [
  '1e308',
  '-1e308',
  '99999999999999999999',
  '99999999999',
  '9007199254740993',
  '-1',
  '0',
  '-0',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  ' 1',
  '1 ',
  '',
  '１',
];

const encodeText = (text: string): string => {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '?'));
  }
};

const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...MALFORMED_ESCAPES),
  fc.constantFrom(...HOSTILE_NUMBERS.filter((n) => n !== '').map(encodeText)),
  fc.constantFrom('%00', 'a%00b', '%2e%2e', '..', '%2F', '%2e%2e%2f%2e%2e%2f', '%0D%0A', '%F0%9F%9A%80', 'latest', '%E2%80%AE'),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeText),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encodeText),
  fc.integer({ min: 200, max: 4000 }).map((n) => 'n'.repeat(n)),
);

const segmentFor = (hostile: string | undefined) => (placeholder: string) => hostile ?? knownSegment(placeholder);

// ---------------------------------------------------------------------------------------------
// Query strings: every numeric and selector parameter the routes read, with hostile values.

const QUERY_KEYS = [
  'page',
  'size',
  'pageNumber',
  'pageSize',
  'limit',
  'before',
  'latestby',
  'latest',
  'q[][pacticipant]',
  'q[][version]',
  'q[][latest]',
  'q[][tag]',
  'q[][branch]',
  'ignore[][pacticipant]',
  'success[]',
  'pacticipant',
  'version',
  'to',
  'toEnvironment',
  'environment',
  'tag',
  'branch',
  'mainBranch',
  'includePendingStatus',
  'includeWipPactsSince',
  'actor',
  'label',
  'initials',
  'role',
  'from',
  'consumer',
  'provider',
  'name',
  'query',
  'variables',
];

const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS.map(encodeText)),
  fc.constantFrom(...MALFORMED_ESCAPES),
  fc.constantFrom('true', 'false', 'cvp', 'cvpv', '%7B%7D', '%5B%5D', 'fuzz-consumer'),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeText),
);

const queryString: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

// ---------------------------------------------------------------------------------------------
// Bodies: JSON text that is deep, wide, of the wrong type, with huge or exponent numbers, unicode.

const deep = (depth: number, open = '[', close = ']', inner = '1'): string => open.repeat(depth) + inner + close.repeat(depth);
const deepObject = (depth: number): string => deep(depth, '{"a":', '}');

interface Body {
  text: string | Buffer;
  label: string;
}

const shapedBodies = (): Array<(value: string) => string> => [
  // a pact (PUT /pacts/...), a webhook, a verification result, a publish request, selectors
  (v) => `{"consumer":{"name":"c"},"provider":{"name":"p"},"interactions":[],"metadata":${v}}`,
  (v) =>
    `{"description":"d","events":[{"name":"contract_content_changed"}],"request":{"url":"https://example.org","method":"POST","body":${v}}}`,
  (v) => `{"success":true,"providerApplicationVersion":"1","testResults":${v}}`,
  (v) => `{"pacticipantName":"c","pacticipantVersionNumber":"1","contracts":${v}}`,
  (v) => `{"consumerVersionSelectors":${v},"includePendingStatus":${v}}`,
  (v) => `{"name":${v},"displayName":${v},"production":${v}}`,
  (v) => `{"query":${v},"variables":${v}}`,
];

const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: MAX_DEPTH - 2, max: 3000 }).map((d) => deep(d)),
  fc.integer({ min: MAX_DEPTH - 2, max: 3000 }).map(deepObject),
  fc.constantFrom('1e308', '-1e308', '1e999', '99999999999999999999999999', '-0', '0.1e-400', '123456789012345678901234567890e10'),
  fc.constantFrom('"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"\u202e"', '"🚀"', 'null', 'true', '[]', '{}', '""'),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 1000, max: 20000 }).map((n) => `[${Array.from({ length: n }, () => '0').join(',')}]`),
);

const body: fc.Arbitrary<Body> = fc.oneof(
  hostileValue.map((text) => ({ text, label: 'value' })),
  fc.tuple(fc.integer({ min: 0, max: shapedBodies().length - 1 }), hostileValue).map(([i, v]) => ({
    text: shapedBodies()[i]!(v),
    label: `shaped ${i}`,
  })),
  fc.constantFrom('{"a":', "{'a':1}", '{"a":1}}', '\u0000', '\uFEFF{}', '[1,]', '{"__proto__":{"admin":true}}').map((text) => ({
    text,
    label: 'broken',
  })),
  fc.integer({ min: 1000, max: 20000 }).map((n) => ({
    text: `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    label: 'wide object',
  })),
);

const ACCEPTS = [undefined, 'application/json', 'application/hal+json', 'application/problem+json', '*/*', 'text/html', 'x/y;;;'];
const CONTENT_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
];
const ENCODINGS = [undefined, 'gzip', 'gzip (plain bytes)', 'deflate', 'br', 'compress', 'identity', 'gzip, gzip'];

interface Generated {
  template: string;
  method: (typeof METHODS)[number];
  hostilePlaceholder: string | undefined;
  /** Which placeholder of the template gets the hostile value (modulo their number). */
  hostileIndex: number;
  query: string;
  body: Body | undefined;
  accept: string | undefined;
  contentType: string | undefined;
  encoding: string | undefined;
}

const generated: fc.Arbitrary<Generated> = fc.record({
  template: fc.constantFrom(...templates.map((t) => t.template)),
  method: fc.constantFrom(...METHODS),
  hostilePlaceholder: fc.option(hostileSegment, { nil: undefined, freq: 2 }),
  hostileIndex: fc.nat({ max: 7 }),
  query: fc.oneof(fc.constant(''), queryString),
  body: fc.option(body, { nil: undefined }),
  accept: fc.constantFrom(...ACCEPTS),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  encoding: fc.constantFrom(...ENCODINGS),
});

function toRequest(g: Generated): RawRequest {
  const headers: Record<string, string> = {};
  if (g.accept) headers.Accept = g.accept;
  let payload: Buffer | string | undefined;
  if (g.body && !['GET', 'HEAD', 'OPTIONS'].includes(g.method)) {
    payload = g.body.text;
    if (g.contentType) headers['Content-Type'] = g.contentType;
    if (g.encoding === 'gzip') {
      headers['Content-Encoding'] = 'gzip';
      payload = gzipSync(payload);
    } else if (g.encoding === 'gzip (plain bytes)') {
      headers['Content-Encoding'] = 'gzip';
    } else if (g.encoding) {
      headers['Content-Encoding'] = g.encoding;
    }
  }
  // A hostile value goes into one placeholder; the others keep known values so the route is reached.
  const count = (g.template.match(/\{/g) ?? []).length;
  let index = 0;
  const path = fill(g.template, (placeholder) =>
    g.hostilePlaceholder !== undefined && index++ === g.hostileIndex % Math.max(count, 1)
      ? g.hostilePlaceholder
      : knownSegment(placeholder),
  );
  return { method: g.method, path: path + g.query, headers, body: payload };
}

// ---------------------------------------------------------------------------------------------

const tally = new Map<number, number>();

describe('every route in paths.ts under hostile input (property)', () => {
  it('never answers 5xx, never stalls, and every 4xx is a problem document', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(generated, async (g) => {
        const request = toRequest(g);
        const res = await send(request);
        if (process.env.HOSTILE_TALLY) tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
        expectWellBehaved(request, res);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 150_000 },
    );
    if (process.env.HOSTILE_TALLY) console.log(Object.fromEntries([...tally].sort(([a], [b]) => a - b)));
    const health = await send({ method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1_000);
  });

  it('every route and method answers a malformed path segment with 400 and a deep body without 5xx', { timeout: 240_000 }, async () => {
    for (const { template } of templates) {
      for (const method of METHODS) {
        const requests: RawRequest[] = [
          { method, path: fill(template, segmentFor(undefined)) + '?page=1e308&size=99999999999999999999&limit=-1' },
          {
            method,
            path: fill(template, segmentFor(undefined)),
            headers: { 'Content-Type': 'application/json', Accept: 'application/problem+json' },
            body: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? undefined : deepObject(5000),
          },
        ];
        if (template.includes('{')) requests.push({ method, path: fill(template, segmentFor('%ED%A0%80')) });
        for (const request of requests) {
          const res = await send(request);
          expectWellBehaved(request, res);
          if (request.path.includes('%ED%A0%80') && method !== 'OPTIONS') expect(res.status, describeRequest(request)).toBe(400);
        }
      }
    }
    expect((await send({ method: 'GET', path: '/health' })).status).toBe(200);
  });
});

describe('with authentication on (property)', () => {
  const ADMIN = 'hostile-routes-admin-token-0123456789';
  let secured: TestBroker;
  let securedUrl: string;

  beforeAll(async () => {
    secured = await startTestBroker(
      {},
      { LOG_LEVEL: process.env.HOSTILE_LOG ?? 'silent', TREATY_ADMIN_TOKEN: ADMIN },
      { isolatedDatabase: true },
    );
    securedUrl = await secured.listen();
  }, 120_000);

  afterAll(async () => secured?.close());

  const authorization = fc.constantFrom(
    undefined,
    `Bearer ${ADMIN}`,
    'Bearer ',
    'Bearer wrong-token',
    `Bearer ${'x'.repeat(8000)}`,
    'Basic %%%',
    `Basic ${Buffer.from('user:pass').toString('base64')}`,
    `Basic ${Buffer.from('\u0000:\u00ff').toString('base64')}`,
    'Negotiate abc',
    'bearer',
  );

  it('no credentials, wrong or malformed ones never answer 5xx, and refusals are problem documents', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(generated, authorization, async (g, auth) => {
        const request = toRequest(g);
        if (auth !== undefined) request.headers = { ...request.headers, Authorization: auth };
        const res = await sendRaw(securedUrl, request, SLOW_MS * 2);
        expectWellBehaved(request, res);
        if (auth === undefined && res.status < 300 && request.method !== 'OPTIONS') {
          // Only the public resources answer without credentials.
          expect(request.path.split('?')[0], describeRequest(request)).toMatch(
            /^\/(health(\/ready)?|pacts\/provider\/.*\/badge|pacticipants\/.*\/badge)?$/,
          );
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), interruptAfterTimeLimit: 100_000 },
    );
    expect((await sendRaw(securedUrl, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});
