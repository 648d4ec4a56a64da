// Webhooks through the HTTP API, against a real database: the Pact Broker client's own pact
// interactions (pact-broker create-webhook / create-or-update-webhook / test-webhook), every
// validation error, and test execution against a real HTTP server on 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findOrCreatePacticipant } from '../../src/store/pacticipants.ts';
import { findWebhooksForEvents, saveWebhook } from '../../src/store/webhooks.ts';
import { uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

// The Pact Broker sends `application/hal+json;charset=utf-8`; Express's res.send() re-spaces the
// parameter. Media-type equality (what Pact matchers apply to Content-Type) ignores that space.
const HAL = expect.stringMatching(/^application\/hal\+json; ?charset=utf-8$/);
const hal = { Accept: 'application/hal+json', 'Content-Type': 'application/json' };

/** The request body the Pact Broker client's pacts send (pact_broker-client spec/pacts). */
function clientWebhook(extra: Record<string, unknown> = {}, request: Record<string, unknown> = {}) {
  return {
    description: 'a webhook',
    events: [{ name: 'contract_content_changed' }],
    request: {
      url: 'https://webhook',
      method: 'POST',
      headers: { Foo: 'bar', Bar: 'foo' },
      body: { some: 'body' },
      username: 'username',
      password: 'password',
      ...request,
    },
    ...extra,
  };
}

const seg = encodeURIComponent;

let broker: TestBroker;
let consumer: string;
let provider: string;

async function pacticipant(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await findOrCreatePacticipant(broker.db, name);
  return name;
}

beforeAll(async () => {
  broker = await startTestBroker();
  consumer = await pacticipant('Condor');
  provider = await pacticipant('Pricing Service');
});
afterAll(() => broker.close());

/**
 * Field errors as the Pact Broker's `{"field": ["msg"]}` map. The problem body may (for now) carry
 * them as a list of {field, message}; the peer-pact tests below assert the map form itself.
 */
function fieldErrors(body: { errors?: unknown }): Record<string, string[]> {
  const errors = body.errors;
  if (!Array.isArray(errors)) return (errors ?? {}) as Record<string, string[]>;
  const map: Record<string, string[]> = {};
  for (const e of errors as Array<{ field: string; message: string }>) (map[e.field] ??= []).push(e.message);
  return map;
}

function expectClientCreatedShape(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toEqual(HAL);
  const body = res.body as {
    description: string;
    events: unknown;
    request: Record<string, unknown>;
    _links: { self: { href: string; title: string } };
  };
  expect(body.description).toBe('a webhook');
  expect(body._links.self.title).toBe('a webhook');
  expect(body._links.self.href).toMatch(/^http:\/\/.*\/webhooks\/[A-Za-z0-9_-]{16,}$/);
  expect(body.request.body).toEqual({ some: 'body' });
  // As the Pact Broker shows them: the username, and the password only as asterisks.
  expect(body.request.username).toBe('username');
  expect(body.request.password).toBe('**********');
  return body;
}

describe('the Pact Broker client pact interactions (pact-broker create-webhook)', () => {
  test('a request for the index resource with the webhook relation', async () => {
    const res = await broker.request.get('/').set('Accept', 'application/hal+json');
    expect(res.body._links['pb:webhook']).toMatchObject({ templated: true });
    expect(res.body._links['pb:webhook'].href).toMatch(/\/webhooks\/\{uuid\}$/);
    expect(res.body._links['pb:webhooks'].href).toMatch(/\/webhooks$/);
  });

  test('a request to create a global webhook with a JSON body → 201', async () => {
    const res = await broker.request.post('/webhooks').set(hal).send(clientWebhook());
    const body = expectClientCreatedShape(res);
    expect(body.events).toEqual([{ name: 'contract_content_changed' }]);
    expect(body).not.toHaveProperty('consumer');
    expect(res.headers.location).toBe(body._links.self.href);
  });

  test("a request to create a webhook for a consumer and provider → 404 when 'Condor' does not exist", async () => {
    const res = await broker.request
      .post(`/webhooks/provider/${seg(provider)}/consumer/${seg(uniqueName('Condor'))}`)
      .set(hal)
      .send(clientWebhook());
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toEqual(HAL);
  });

  test('a request to create a webhook with a JSON body and a uuid → 201, then a request to update a webhook → 200', async () => {
    const uuid = randomUUID();
    const body = clientWebhook({ consumer: { name: consumer }, provider: { name: provider } });
    const created = await broker.request.put(`/webhooks/${uuid}`).set(hal).send(body);
    expect(expectClientCreatedShape(created)._links.self.href).toMatch(new RegExp(`/webhooks/${uuid}$`));
    const updated = await broker.request
      .put(`/webhooks/${uuid}`)
      .set(hal)
      .send({ ...body, description: 'a webhook', events: [{ name: 'contract_published' }] });
    expect(expectClientCreatedShape(updated, 200).events).toEqual([{ name: 'contract_published' }]);
  });

  test('a request to create a webhook with a JSON body for a consumer → 201', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send(clientWebhook({ consumer: { name: consumer } }));
    const body = expectClientCreatedShape(res) as Record<string, unknown> & { _links: Record<string, { name?: string }> };
    expect(body.consumer).toEqual({ name: consumer });
    expect(body._links['pb:consumer']?.name).toBe(consumer);
  });

  test('a request to create a webhook with a JSON body for a consumer and provider → 201', async () => {
    const res = await broker.request
      .post(`/webhooks/provider/${seg(provider)}/consumer/${seg(consumer)}`)
      .set(hal)
      .send(clientWebhook());
    const body = expectClientCreatedShape(res) as Record<string, unknown> & { _links: Record<string, { href: string }> };
    expect(body.consumer).toEqual({ name: consumer });
    expect(body.provider).toEqual({ name: provider });
    expect(body._links['pb:pact-webhooks']?.href).toMatch(new RegExp(`/webhooks/provider/${seg(provider)}/consumer/${seg(consumer)}$`));
  });

  test('a request to create a webhook with a JSON body for a consumer specified by a label → 201', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send(clientWebhook({ consumer: { label: 'consumer_label' } }));
    expect(expectClientCreatedShape(res)).toMatchObject({ consumer: { label: 'consumer_label' } });
  });

  test('a request to create a webhook with a JSON body for a consumer that does not exist → 400 errors["consumer.name"]', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send(clientWebhook({ consumer: { name: uniqueName('Condor') } }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toEqual(HAL);
    expect(res.body.errors['consumer.name']).toHaveLength(1);
    expect(res.body.errors['consumer.name'][0]).toMatch(/No pacticipant with name 'Condor-[0-9a-f]+' found/);
  });

  test('a request to create a webhook with a JSON body for a provider → 201', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send(clientWebhook({ provider: { name: provider } }));
    expect(expectClientCreatedShape(res)).toMatchObject({ provider: { name: provider } });
  });

  test('a request to create a webhook with a JSON body for a provider specified by a label → 201', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send(clientWebhook({ provider: { label: 'provider_label' } }));
    expect(expectClientCreatedShape(res)).toMatchObject({ provider: { label: 'provider_label' } });
  });

  test('a request to create a webhook with a non-JSON body for a consumer and provider → 201, body echoed as a string', async () => {
    const res = await broker.request
      .post(`/webhooks/provider/${seg(provider)}/consumer/${seg(consumer)}`)
      .set(hal)
      .send(clientWebhook({}, { body: '<xml></xml>' }));
    expect(res.status).toBe(201);
    expect(res.body.request.body).toBe('<xml></xml>');
  });

  test('a request to create a webhook with every possible event type → 201, events in the order given', async () => {
    const events = [
      'contract_content_changed',
      'contract_published',
      'provider_verification_published',
      'provider_verification_succeeded',
      'provider_verification_failed',
    ].map((name) => ({ name }));
    const res = await broker.request
      .post(`/webhooks/provider/${seg(provider)}/consumer/${seg(consumer)}`)
      .set(hal)
      .send(clientWebhook({ events }));
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(events);
  });

  test('an invalid request to create a webhook for a consumer and provider → 400 errors["request.url"]', async () => {
    const body = clientWebhook();
    const { url: _omitted, ...request } = body.request;
    const res = await broker.request
      .post(`/webhooks/provider/${seg(provider)}/consumer/${seg(consumer)}`)
      .set(hal)
      .send({ ...body, request });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toEqual(HAL);
    expect(res.body.errors).toEqual({ 'request.url': ['is missing.'] });
  });
});

describe('reading and deleting webhooks', () => {
  let uuid: string;
  let scopedConsumer: string;
  let scopedProvider: string;

  beforeAll(async () => {
    scopedConsumer = await pacticipant('reader-consumer');
    scopedProvider = await pacticipant('reader-provider');
    uuid = randomUUID();
    const res = await broker.request
      .put(`/webhooks/${uuid}`)
      .set(hal)
      .send({
        consumer: { name: scopedConsumer },
        provider: { name: scopedProvider },
        request: {
          method: 'post',
          url: 'https://ci.example.org/build?pact=${pactbroker.pactUrl}',
          headers: { Authorization: 'Bearer s3cr3t', 'X-Api-Token': '${pactbroker.consumerName}', Accept: 'application/json' },
          username: 'ci',
          password: 'hunter2',
        },
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  test('GET /webhooks/{uuid} shows the webhook, defaults the description and events, and never echoes credentials', async () => {
    const res = await broker.request.get(`/webhooks/${uuid}`).set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toEqual(HAL);
    expect(res.body).toMatchObject({
      uuid,
      description: 'POST ci.example.org',
      enabled: true,
      events: [{ name: 'contract_content_changed' }],
      request: {
        method: 'POST',
        url: 'https://ci.example.org/build?pact=${pactbroker.pactUrl}',
        // Secret-looking headers are masked unless they only hold a template parameter (Pact Broker rule).
        headers: { Authorization: '**********', 'X-Api-Token': '${pactbroker.consumerName}', Accept: 'application/json' },
      },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|s3cr3t/);
    expect(res.body.request).toMatchObject({ username: 'ci', password: '**********' });
    expect(Object.keys(res.body._links).sort()).toEqual([
      'pb:consumer',
      'pb:execute',
      'pb:pact-webhooks',
      'pb:provider',
      'pb:webhooks',
      'self',
    ]);
    expect(res.body._links['pb:execute'].href).toMatch(new RegExp(`/webhooks/${uuid}/execute$`));
  });

  test.each([
    ['GET /webhooks', () => '/webhooks'],
    ['GET /webhooks/provider/{p}/consumer/{c}', () => `/webhooks/provider/${seg(scopedProvider)}/consumer/${seg(scopedConsumer)}`],
    ['GET /webhooks/provider/{p}', () => `/webhooks/provider/${seg(scopedProvider)}`],
    ['GET /webhooks/consumer/{c}', () => `/webhooks/consumer/${seg(scopedConsumer)}`],
    [
      'GET /pacts/provider/{p}/consumer/{c}/webhooks',
      () => `/pacts/provider/${seg(scopedProvider)}/consumer/${seg(scopedConsumer)}/webhooks`,
    ],
  ])('%s lists the webhook under pb:webhooks', async (_name, path) => {
    const res = await broker.request.get(path()).set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    expect(res.body._links.self.href).toMatch(new RegExp(`${path().replace(/[?]/g, '\\$&')}$`));
    expect(res.body._links['pb:create'].href).toBe(res.body._links.self.href);
    const entry = (res.body._links['pb:webhooks'] as Array<{ href: string; name: string; title: string }>).find((l) =>
      l.href.endsWith(uuid),
    );
    expect(entry).toEqual({
      href: expect.stringMatching(new RegExp(`/webhooks/${uuid}$`)),
      name: 'POST ci.example.org',
      title: `A webhook for the pact between ${scopedConsumer} and ${scopedProvider}`,
    });
  });

  test('scoped collections exclude webhooks of other pacticipants', async () => {
    const other = await pacticipant('other-provider');
    const res = await broker.request.get(`/webhooks/provider/${seg(other)}`);
    expect(res.status).toBe(200);
    expect(res.body._links['pb:webhooks']).toEqual([]);
  });

  test('POST /webhooks/provider/{p} creates a webhook for that provider; 404 for an unknown provider', async () => {
    const created = await broker.request
      .post(`/webhooks/provider/${seg(scopedProvider)}`)
      .set(hal)
      .send({ request: { method: 'POST', url: 'https://x.example.org' } });
    expect(created.status).toBe(201);
    expect(created.body.provider).toEqual({ name: scopedProvider });
    const missing = await broker.request.get(`/webhooks/consumer/${seg(uniqueName('nobody'))}`);
    expect(missing.status).toBe(404);
  });

  test('DELETE /webhooks/{uuid} → 204, then 404', async () => {
    const del = await broker.request.delete(`/webhooks/${uuid}`);
    expect(del.status).toBe(204);
    expect((await broker.request.get(`/webhooks/${uuid}`)).status).toBe(404);
    expect((await broker.request.delete(`/webhooks/${uuid}`)).status).toBe(404);
  });

  test('GET /webhooks/{uuid} of an unknown or malformed uuid → 404', async () => {
    expect((await broker.request.get(`/webhooks/${randomUUID()}`)).status).toBe(404);
    expect((await broker.request.get('/webhooks/short')).status).toBe(404);
  });
});

describe('validation errors (Pact Broker field names)', () => {
  const valid = () => ({ events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://ci.example.org/hook' } });
  const withRequest = (request: Record<string, unknown>) => ({ ...valid(), request: { ...valid().request, ...request } });

  test.each<[string, () => unknown, string, RegExp]>([
    ['the body is not an object', () => [1, 2], 'body', /must be a JSON object/],
    ['request is missing', () => ({ events: valid().events }), 'request', /is missing/],
    ['request.method is missing', () => withRequest({ method: undefined }), 'request.method', /is missing/],
    ['request.method is not an HTTP method', () => withRequest({ method: 'FETCH' }), 'request.method', /Invalid HTTP method 'FETCH'/],
    [
      'request.method is not whitelisted (PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST default POST)',
      () => withRequest({ method: 'DELETE' }),
      'request.method',
      /must be POST/,
    ],
    ['request.url is missing', () => withRequest({ url: undefined }), 'request.url', /is missing/],
    ['request.url is not a URL', () => withRequest({ url: 'not a url' }), 'request.url', /Invalid URL 'not a url'/],
    [
      'request.url has a templated host',
      () => withRequest({ url: 'https://${pactbroker.consumerName}.example.org' }),
      'request.url',
      /host may not contain/,
    ],
    [
      'request.url scheme is not whitelisted',
      () => withRequest({ url: 'ftp://ci.example.org' }),
      'request.url',
      /scheme must be https, http/,
    ],
    ['request.url is not a string', () => withRequest({ url: 42 }), 'request.url', /expected string/],
    ['request.headers has a non-scalar value', () => withRequest({ headers: { A: { b: 1 } } }), 'request.headers.A', /./],
    ['events is empty', () => ({ ...valid(), events: [] }), 'events', /at least one event/],
    [
      'an event name is unknown',
      () => ({ ...valid(), events: [{ name: 'contract_published' }, { name: 'pact_changed' }] }),
      'events[1].name',
      /must be one of contract_published/,
    ],
    ['consumer has neither name nor label', () => ({ ...valid(), consumer: {} }), 'consumer.name', /cannot be blank/],
    [
      'consumer has both name and label',
      () => ({ ...valid(), consumer: { name: 'a', label: 'b' } }),
      'consumer.label',
      /cannot be provided at the same time/,
    ],
    [
      'provider.name does not exist',
      () => ({ ...valid(), provider: { name: uniqueName('ghost') } }),
      'provider.name',
      /No pacticipant with name/,
    ],
    ['enabled is not a boolean', () => ({ ...valid(), enabled: 'yes' }), 'enabled', /expected boolean/],
  ])('400 when %s', async (_case, body, field, message) => {
    const res = await broker.request.post('/webhooks').set(hal).send(JSON.stringify(body()));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Object.keys(fieldErrors(res.body))).toContain(field);
    expect(fieldErrors(res.body)[field]?.[0]).toMatch(message);
  });

  test('reports every invalid field at once, one message per field', async () => {
    const res = await broker.request
      .post('/webhooks')
      .set(hal)
      .send({ events: [], request: { method: 'GET', url: 'ftp://x' } });
    expect(res.status).toBe(400);
    expect(Object.keys(fieldErrors(res.body)).sort()).toEqual(['events', 'request.method', 'request.url']);
    expect(fieldErrors(res.body)['request.url']).toHaveLength(1);
  });

  test('PUT /webhooks/{uuid} → 400 errors["uuid"] when the uuid is shorter than 16 characters', async () => {
    const res = await broker.request.put('/webhooks/abc').set(hal).send(valid());
    expect(res.status).toBe(400);
    expect(fieldErrors(res.body).uuid?.[0]).toMatch(/at least 16 characters/);
  });

  test('problem+json is served to clients that ask for it', async () => {
    const res = await broker.request.post('/webhooks').set({ Accept: 'application/problem+json' }).send({ request: {} });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://treaty.dev/problems/validation-error', status: 400 });
  });

  describe('when the broker has a host whitelist (TREATY_WEBHOOK_HOST_WHITELIST)', () => {
    let strict: TestBroker;
    beforeAll(async () => {
      strict = await startTestBroker(
        {},
        { TREATY_WEBHOOK_HOST_WHITELIST: '*.example.org 10.0.0.0/8', TREATY_WEBHOOK_SCHEME_WHITELIST: 'https' },
      );
    });
    afterAll(() => strict.close());

    test.each([
      ['https://ci.example.org/hook', 201],
      ['https://10.1.2.3/hook', 201],
      ['https://evil.com/hook', 400],
      ['https://a.b.example.org/hook', 400],
      ['http://ci.example.org/hook', 400],
    ])('%s → %i', async (url, status) => {
      const res = await strict.request.post('/webhooks').set(hal).send(withRequest({ url }));
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (status === 400) expect(Object.keys(fieldErrors(res.body))).toEqual(['request.url']);
    });
  });
});

describe('POST /webhooks/{uuid}/execute (pact-broker test-webhook)', () => {
  interface Received {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }
  let target: Server;
  let targetUrl: string;
  const received: Received[] = [];
  let respond: (res: ServerResponse) => void = (res) => res.end();

  beforeAll(async () => {
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: String(req.method), url: String(req.url), headers: req.headers, body: Buffer.concat(chunks).toString() });
        respond(res);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });

  async function webhookTo(on: TestBroker, request: Record<string, unknown>, scope: Record<string, unknown> = {}): Promise<string> {
    const res = await on.request
      .post('/webhooks')
      .set(hal)
      .send({ ...scope, request: { method: 'POST', ...request } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return String(res.body.uuid);
  }

  test('renders the template with example data, sends it, and answers with logs and a request/response summary', async () => {
    respond = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ queued: true }));
    const uuid = await webhookTo(
      broker,
      {
        url: `${targetUrl}/hook?consumer=\${pactbroker.consumerName}&token=tok123`,
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cr3t' },
        body: {
          provider: '${pactbroker.providerName}',
          status: '${pactbroker.githubVerificationStatus}',
          event: '${pactbroker.eventName}',
        },
      },
      { consumer: { name: consumer }, provider: { name: provider } },
    );
    const before = received.length;
    const res = await broker.request.post(`/webhooks/${uuid}/execute`).set(hal).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['content-type']).toEqual(HAL);

    const sent = received[before]!;
    expect(sent.method).toBe('POST');
    // Values in the URL are form-encoded, as the Pact Broker's CGI.escape does: the space becomes "+".
    expect(sent.url).toBe(`/hook?consumer=${consumer.replace(' ', '+')}&token=tok123`);
    expect(sent.headers.authorization).toBe('Bearer s3cr3t');
    expect(JSON.parse(sent.body)).toEqual({ provider, status: 'success', event: 'test' });

    expect(res.body.success).toBe(true);
    expect(res.body.response).toMatchObject({ status: 200, body: { queued: true } });
    expect(res.body.request).toMatchObject({ method: 'POST', body: { provider, status: 'success', event: 'test' } });
    expect(res.body.request.headers.Authorization).toBe('**********');
    expect(res.body.request.url).toContain('token=**********');
    expect(res.body.logs).toMatch(/INFO: POST http:\/\/127\.0\.0\.1:\d+\/hook\?/);
    expect(res.body.logs).toMatch(/HTTP 200 OK/);
    expect(res.body.logs).not.toMatch(/s3cr3t|tok123/);
    expect(res.body._links['try-again'].href).toMatch(new RegExp(`/webhooks/${uuid}/execute$`));
  });

  test('sends username/password as Basic auth and never shows them', async () => {
    respond = (res) => res.writeHead(202).end();
    const uuid = await webhookTo(broker, { url: `${targetUrl}/basic`, username: 'ci-user', password: 'hunter2' });
    const before = received.length;
    const res = await broker.request.post(`/webhooks/${uuid}/execute`).set(hal);
    expect(res.status).toBe(200);
    expect(received[before]!.headers.authorization).toBe(`Basic ${Buffer.from('ci-user:hunter2').toString('base64')}`);
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|ci-user|Y2ktdXNlcjpodW50ZXIy/);
  });

  test('a webhook read with GET and PUT back with its asterisks keeps its password and secret headers', async () => {
    respond = (res) => res.writeHead(202).end();
    const uuid = await webhookTo(broker, {
      url: `${targetUrl}/roundtrip`,
      username: 'ci-user',
      password: 'hunter2',
      headers: { 'X-Api-Key': 's3cr3t' },
    });
    const shown = (await broker.request.get(`/webhooks/${uuid}`).set(hal)).body as { request: Record<string, unknown> };
    expect(shown.request).toMatchObject({ password: '**********', headers: { 'X-Api-Key': '**********' } });
    const put = await broker.request
      .put(`/webhooks/${uuid}`)
      .set(hal)
      .send({ ...shown, description: 'edited', request: { ...shown.request, url: `${targetUrl}/roundtrip2` } });
    expect(put.status).toBe(200);
    const before = received.length;
    expect((await broker.request.post(`/webhooks/${uuid}/execute`).set(hal)).status).toBe(200);
    expect(received[before]!.url).toBe('/roundtrip2');
    // The edited webhook still authenticates with the stored secrets, not with asterisks.
    expect(received[before]!.headers.authorization).toBe(`Basic ${Buffer.from('ci-user:hunter2').toString('base64')}`);
    expect(received[before]!.headers['x-api-key']).toBe('s3cr3t');
  });

  test('a non-2xx answer from the target → 500 with success false and the logs (the Pact Broker does the same)', async () => {
    respond = (res) => res.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
    const uuid = await webhookTo(broker, { url: `${targetUrl}/down` });
    const res = await broker.request.post(`/webhooks/${uuid}/execute`).set(hal);
    expect(res.status).toBe(500);
    expect(res.body.success).toBe(false);
    expect(res.body.response).toMatchObject({ status: 503, body: 'down for maintenance' });
    expect(res.body.logs).toMatch(/ERROR: Webhook failed: the target answered 503/);
  });

  test('a refused connection is reported in the logs, not thrown', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const uuid = await webhookTo(broker, { url: `http://127.0.0.1:${port}/nobody` });
    const res = await broker.request.post(`/webhooks/${uuid}/execute`).set(hal);
    expect(res.status).toBe(500);
    expect(res.body.success).toBe(false);
    expect(res.body.error.message).toMatch(/ECONNREFUSED|fetch failed/);
    expect(res.body).not.toHaveProperty('response');
  });

  describe('with a short timeout and a small response cap', () => {
    let tight: TestBroker;
    beforeAll(async () => {
      tight = await startTestBroker({}, { TREATY_WEBHOOK_TIMEOUT_MS: '300', TREATY_WEBHOOK_MAX_RESPONSE_BYTES: '100' });
    });
    afterAll(() => tight.close());

    test('gives up after TREATY_WEBHOOK_TIMEOUT_MS', async () => {
      respond = () => {}; // never answers
      const uuid = await webhookTo(tight, { url: `${targetUrl}/slow` });
      const started = Date.now();
      const res = await tight.request.post(`/webhooks/${uuid}/execute`).set(hal);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(/no complete response within 300 ms/);
    });

    test('keeps only TREATY_WEBHOOK_MAX_RESPONSE_BYTES of the response body', async () => {
      respond = (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(100_000));
      const uuid = await webhookTo(tight, { url: `${targetUrl}/big` });
      const res = await tight.request.post(`/webhooks/${uuid}/execute`).set(hal);
      expect(res.status).toBe(200);
      expect(res.body.response.truncated).toBe(true);
      expect(res.body.response.body).toBe('x'.repeat(100));
      expect(res.body.logs).toMatch(/\[response body truncated\]/);
    });
  });

  test('refuses to execute a saved webhook that the current whitelists no longer allow', async () => {
    const strict = await startTestBroker({}, { TREATY_WEBHOOK_SCHEME_WHITELIST: 'https' });
    try {
      const uuid = randomUUID();
      await saveWebhook(strict.db, uuid, {
        description: null,
        consumer: null,
        provider: null,
        events: ['contract_published'],
        enabled: true,
        request: { method: 'POST', url: `${targetUrl}/old`, headers: {} },
      });
      const res = await strict.request.post(`/webhooks/${uuid}/execute`).set(hal);
      expect(res.status).toBe(400);
      expect(Object.keys(fieldErrors(res.body))).toEqual(['request.url']);
    } finally {
      await strict.close();
    }
  });

  test('404 for an unknown webhook', async () => {
    expect((await broker.request.post(`/webhooks/${randomUUID()}/execute`).set(hal)).status).toBe(404);
  });
});

describe('findWebhooksForEvents (what the delivery job will trigger)', () => {
  test('matches by pacticipant, by label, and globally; skips disabled webhooks and other events', async () => {
    const db = broker.db;
    const c = (await findOrCreatePacticipant(db, uniqueName('evt-consumer'))).pacticipant;
    const p = (await findOrCreatePacticipant(db, uniqueName('evt-provider'))).pacticipant;
    const label = uniqueName('team');
    await db.execute(sql`INSERT INTO pacticipant_labels (pacticipant_id, name) VALUES (${p.id}, ${label})`);
    const base = { description: null, enabled: true, request: { method: 'POST', url: 'https://ci.example.org', headers: {} } } as const;
    const save = (uuid: string, def: Partial<Parameters<typeof saveWebhook>[2]>) =>
      saveWebhook(db, uuid, { ...base, consumer: null, provider: null, events: ['contract_published'], ...def });
    const [byIds, byLabel, other, disabled, otherEvent] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await save(byIds, {
      consumer: { kind: 'pacticipant', id: c.id, name: c.name },
      provider: { kind: 'pacticipant', id: p.id, name: p.name },
    });
    await save(byLabel, { provider: { kind: 'label', label } });
    await save(other, { provider: { kind: 'label', label: uniqueName('other-team') } });
    await save(disabled, { consumer: { kind: 'pacticipant', id: c.id, name: c.name }, enabled: false });
    await save(otherEvent, { consumer: { kind: 'pacticipant', id: c.id, name: c.name }, events: ['provider_verification_failed'] });

    const found = (await findWebhooksForEvents(db, { names: ['contract_published'], consumerId: c.id, providerId: p.id })).map(
      (w) => w.uuid,
    );
    expect(found).toEqual(expect.arrayContaining([byIds, byLabel]));
    expect(found).not.toContain(other);
    expect(found).not.toContain(disabled);
    expect(found).not.toContain(otherEvent);
    // Several events at once (one query per publication): a webhook of any of them.
    const either = (
      await findWebhooksForEvents(db, { names: ['contract_published', 'provider_verification_failed'], consumerId: c.id, providerId: p.id })
    ).map((w) => w.uuid);
    expect(either).toEqual(expect.arrayContaining([byIds, byLabel, otherEvent]));
    expect(either).not.toContain(disabled);
    expect(await findWebhooksForEvents(db, { names: [], consumerId: c.id, providerId: p.id })).toEqual([]);
  });
});
