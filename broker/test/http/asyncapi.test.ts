// AsyncAPI provider contracts through the HTTP API (issue #13): a provider publishes its AsyncAPI document, a consumer
// its message pact, Treaty checks one against the other in a schema-check job (runDueJobs, as the broker's worker
// would), and the outcome is a verification in the matrix and can-i-deploy, in either publication order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublishSchemaRequest } from '@treaty/wire';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canIDeployToEnv } from '../support/matrix-helpers.ts';
import { seed, uniqueName, type PacticipantHandle, type PactDocument } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schemas', 'asyncapi');
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

/** The AsyncAPI document and the payload schema it `$ref`s, optionally edited. */
const orderEvents = (edit: (schema: string) => string = (s) => s): PublishSchemaRequest['files'] => [
  { path: 'order-events.yaml', content: fixture('order-events.yaml') },
  { path: 'order-placed.schema.json', content: edit(fixture('order-placed.schema.json')) },
];

async function publishAsyncApi(provider: PacticipantHandle, version: string, subject: string, files = orderEvents()) {
  return broker.request.post('/schemas/publish').set('Accept', 'application/json').send({
    pacticipantName: provider.name,
    pacticipantVersionNumber: version,
    branch: 'main',
    subject,
    kind: 'asyncapi',
    role: 'provider',
    files,
  });
}

/** payment-service's message pact (Pact V4, as pact-js writes it): it reads OrderPlaced. */
function messagePact(consumer: string, provider: string, contents: Record<string, unknown>, extra: unknown[] = []): PactDocument {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        type: 'Asynchronous/Messages',
        description: 'an OrderPlaced event',
        contents: { content: contents, contentType: 'application/json', encoded: false },
        matchingRules: { body: { '$.amount_cents': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
        metadata: { contentType: 'application/json' },
        pending: false,
      },
      ...extra,
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

const placed = { order_id: 'ord-1', amount_cents: 4999, currency: 'EUR' };

async function latestVerification(provider: PacticipantHandle, consumer: PacticipantHandle, sha: string) {
  return broker.request.get(`/pacts/provider/${provider.name}/consumer/${consumer.name}/pact-version/${sha}/verification-results/latest`);
}

describe("a message pact against the provider's AsyncAPI document", () => {
  test.each([
    ['pact first: publishing the AsyncAPI document checks the provider’s pacts', 'pact'],
    ['AsyncAPI document first: publishing the pact checks it against the document', 'asyncapi'],
  ])('%s; the result is a verification by Treaty, and can-i-deploy uses it', async (_, first) => {
    const kit = seed(broker.request);
    const payments = kit.pacticipant('payment-service');
    const orders = kit.pacticipant('order-service');
    const subject = uniqueName('order-events');
    if (first === 'asyncapi') expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    const pact = await payments.publishPact({
      version: '1.0.0',
      provider: orders,
      content: messagePact(payments.name, orders.name, placed),
    });
    if (first === 'pact') expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    await broker.runDueJobs();

    const verification = await latestVerification(orders, payments, pact.sha);
    expect(verification.status).toBe(200);
    expect(verification.body.success).toBe(true);
    expect(verification.body.providerApplicationVersion).toBe('1.0.0');
    expect(verification.body.verifiedBy).toEqual({ implementation: 'Treaty', version: expect.any(String) });

    const prod = await kit.environment('production');
    await orders.deploy('1.0.0', prod);
    expect((await canIDeployToEnv(broker, payments.name, '1.0.0', prod.name)).deployable).toBe(true);
  });

  test('a provider version that renames a payload field the consumer reads cannot be deployed, without running any message verification', async () => {
    const kit = seed(broker.request);
    const payments = kit.pacticipant('payment-service');
    const orders = kit.pacticipant('order-service');
    const subject = uniqueName('order-events');
    const prod = await kit.environment('production');
    expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    const pact = await payments.publishPact({
      version: '1.0.0',
      provider: orders,
      content: messagePact(payments.name, orders.name, placed),
    });
    await broker.runDueJobs();
    await orders.deploy('1.0.0', prod);
    await payments.deploy('1.0.0', prod);

    const renamed = orderEvents((s) => s.replaceAll('amount_cents', 'amount'));
    expect((await publishAsyncApi(orders, '1.1.0', subject, renamed)).status).toBe(201);
    await broker.runDueJobs();

    const answer = await canIDeployToEnv(broker, orders.name, '1.1.0', prod.name);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons.join('\n')).toContain(
      `The verification for the pact between the version of ${payments.name} currently in ${prod.name} (1.0.0) and version 1.1.0 of ${orders.name} failed`,
    );
    const verification = await latestVerification(orders, payments, pact.sha);
    expect(verification.body).toMatchObject({ success: false, providerApplicationVersion: '1.1.0' });
    expect(verification.body.testResults.findings).toEqual([
      {
        rule: 'message.payload.incompatible',
        file: 'order-events.yaml',
        line: 25,
        column: 7,
        message: `an OrderPlaced event: Contents are incompatible with the payload schema of message orderPlaced: (root) must NOT have additional properties ("amount_cents") (pact [root].interactions[0].contents, spec order-events.yaml#/components/messages/OrderPlaced/payload)`,
        severity: 'error',
      },
    ]);

    // the subject's checks say the same, naming the consumer's version, and the provider's evolution check names the rule
    const checks = (await broker.request.get(`/schemas/subjects/${encodeURIComponent(subject)}`)).body.checks as Array<
      Record<string, unknown>
    >;
    expect(checks.find((c) => c.contractKind === 'pact' && (c.provider as { version: string }).version === '1.1.0')).toMatchObject({
      consumer: { name: payments.name, version: '1.0.0' },
      verdict: 'breaking',
      findings: [{ rule: 'message.payload.incompatible' }],
    });
    const diff = await broker.request.get(`/schemas/subjects/${encodeURIComponent(subject)}/diff?pacticipant=${orders.name}&to=1.1.0`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ kind: 'asyncapi', verdict: 'breaking', from: { version: '1.0.0' } });
    // the place is in the file the payload $refs, where amount_cents is declared
    expect(diff.body.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`)).toContain(
      'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL order-placed.schema.json (previous version):6',
    );
  });

  test('a pact with HTTP interactions too is not verified by an AsyncAPI document alone (unknown, never a silent pass)', async () => {
    const kit = seed(broker.request);
    const payments = kit.pacticipant('payment-service');
    const orders = kit.pacticipant('order-service');
    const subject = uniqueName('order-events');
    expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    const http = {
      type: 'Synchronous/HTTP',
      description: 'get an order',
      request: { method: 'GET', path: '/orders/1' },
      response: { status: 200 },
    };
    const pact = await payments.publishPact({
      version: '1.0.0',
      provider: orders,
      content: messagePact(payments.name, orders.name, placed, [http]),
    });
    await broker.runDueJobs();
    expect((await latestVerification(orders, payments, pact.sha)).status).toBe(404);
    const checks = (await broker.request.get(`/schemas/subjects/${encodeURIComponent(subject)}`)).body.checks as Array<{
      contractKind: string;
      findings: Array<{ rule: string; message: string }>;
    }>;
    // the subject also lists the provider's own evolution check; which of the two ran last depends on job timing
    const pactCheck = checks.find((c) => c.contractKind === 'pact');
    expect(pactCheck?.findings).toContainEqual({
      rule: 'UNDECIDED',
      file: null,
      line: null,
      column: null,
      message: `1 HTTP interaction of the pact is not covered: ${orders.name} 1.0.0 published no OpenAPI document`,
      severity: 'warning',
    });
  });
});

describe('publishing an AsyncAPI document: bad input is a 400 problem naming file, line and column', () => {
  const send = (files: PublishSchemaRequest['files'], role = 'provider') =>
    broker.request
      .post('/schemas/publish')
      .set('Accept', 'application/json')
      .send({
        pacticipantName: uniqueName('order-service'),
        pacticipantVersionNumber: '1',
        subject: uniqueName('events'),
        kind: 'asyncapi',
        role,
        files,
      });

  test('a document the AsyncAPI parser refuses', async () => {
    const res = await send([
      { path: 'order-events.yaml', content: fixture('order-events.yaml').replace('action: send', 'action: emit') },
      orderEvents()[1]!,
    ]);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual({
      'files[order-events.yaml]': [
        expect.stringMatching(/^order-events\.yaml:18:13: "action" property must be equal to one of the allowed values: "send", "receive"/),
      ],
    });
  });

  test('a $ref to a file that was not published with it, or to a URL', async () => {
    const missing = await send([{ path: 'order-events.yaml', content: fixture('order-events.yaml') }]);
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain(
      'order-events.yaml:26:9: $ref "order-placed.schema.json" names "order-placed.schema.json", which is not a file of this publication',
    );
    const url = await send([
      {
        path: 'order-events.yaml',
        content: fixture('order-events.yaml').replace("'order-placed.schema.json'", "'http://127.0.0.1:1/x.json'"),
      },
    ]);
    expect(url.status).toBe(400);
    expect(url.body.detail).toContain('points outside the publication (Treaty does not fetch URLs)');
  });

  test('YAML that does not parse, and an AsyncAPI document published as a consumer', async () => {
    const yaml = await send([{ path: 'events.yaml', content: 'asyncapi: 3.0.0\ninfo:\n  title: a\n  title: b\n' }]);
    expect(yaml.status).toBe(400);
    expect(yaml.body.errors).toEqual({ 'files[events.yaml]': ['events.yaml:4:3: not valid YAML: Map keys must be unique'] });
    const consumer = await send(orderEvents(), 'consumer');
    expect(consumer.status).toBe(400);
    expect(consumer.body.errors.role).toEqual([
      'an AsyncAPI document is published by its provider; a consumer of its events publishes its message pact instead',
    ]);
  });
});

describe('GraphQL: an AsyncAPI subject', () => {
  test('each publication outlines its channels, messages and operations; the subject lists its checks with their findings', async () => {
    const kit = seed(broker.request);
    const payments = kit.pacticipant('payment-service');
    const orders = kit.pacticipant('order-service');
    const subject = uniqueName('order-events');
    expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    await payments.publishPact({
      version: '3.0.0',
      provider: orders,
      content: messagePact(payments.name, orders.name, { ...placed, amount_cents: 'many' }),
    });
    await broker.runDueJobs();
    const query = `query($name: String!) { schemaSubject(name: $name) { kind
      schemas { version asyncApi { version title channels { id address messages { id name contentType } operations { id action messages } } } }
      checks { kind verdict consumerName consumerVersion providerVersion findings { rule file line message } } } }`;
    const res = await broker.request.post('/graphql').send({ query, variables: { name: subject } });
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.schemaSubject;
    expect(s.kind).toBe('asyncapi');
    expect(s.schemas[0].asyncApi).toEqual({
      version: '3.0.0',
      title: 'order-service events',
      channels: [
        {
          id: 'orderEvents',
          address: 'order-events',
          messages: [
            { id: 'orderPlaced', name: 'OrderPlaced', contentType: 'application/json' },
            { id: 'orderCancelled', name: 'OrderCancelled', contentType: 'application/json' },
          ],
          operations: [{ id: 'publishOrderEvents', action: 'send', messages: ['orderPlaced', 'orderCancelled'] }],
        },
      ],
    });
    expect(s.checks).toContainEqual({
      kind: 'pact-asyncapi',
      verdict: 'breaking',
      consumerName: payments.name,
      consumerVersion: '3.0.0',
      providerVersion: '1.0.0',
      findings: [
        {
          rule: 'message.payload.incompatible',
          file: 'order-events.yaml',
          line: 25,
          message: expect.stringContaining('/amount_cents must be integer'),
        },
      ],
    });
  });
});

describe('POST /schemas/check with an AsyncAPI document (treaty schema check --kind asyncapi)', () => {
  test('a renamed payload field is breaking against the published version; the same document is compatible; nothing is stored', async () => {
    const kit = seed(broker.request);
    const orders = kit.pacticipant('order-service');
    const subject = uniqueName('order-events');
    expect((await publishAsyncApi(orders, '1.0.0', subject)).status).toBe(201);
    const check = (files: PublishSchemaRequest['files']) =>
      broker.request
        .post('/schemas/check')
        .set('Accept', 'application/json')
        .send({ subject, kind: 'asyncapi', role: 'provider', pacticipantName: orders.name, files });
    const breaking = await check(orderEvents((s) => s.replaceAll('amount_cents', 'amount')));
    expect(breaking.status).toBe(200);
    expect(breaking.body).toMatchObject({
      verdict: 'breaking',
      compatibility: 'BACKWARD',
      checkedAgainst: [{ pacticipant: orders.name, version: '1.0.0' }],
    });
    expect(breaking.body.findings.map((f: { rule: string }) => f.rule)).toEqual(['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL']);
    const same = await check(orderEvents());
    expect(same.body).toMatchObject({ verdict: 'compatible', findings: [] });
    const subjectBody = (await broker.request.get(`/schemas/subjects/${encodeURIComponent(subject)}`)).body;
    expect(subjectBody.publications).toHaveLength(1);
  });
});
