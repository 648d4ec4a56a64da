// The data the UI e2e tests look at, seeded through the broker's own HTTP API (broker/test/support/seed.ts):
//   order-service → payment-service: 1.0.0 (verified by payment 10.0.0) and 2.0.0 (a changed body
//     and a new interaction; verification by payment 11.0.0 FAILED)
//   web-app → payment-service: never verified
//   mobile-app → payment-service: m1 verified, m2 (changed) not yet: awaiting verification
//   shipping-service → address-service: verified
//   production: order 1.0.0 and payment 10.0.0 deployed; staging: payment 11.0.0 deployed
// Names carry a random suffix (one tenant per run), so the tests also pass on a shared PostgreSQL.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type supertest from 'supertest';
import { seed, type PactDocument } from '../../../broker/test/support/seed.ts';

function orderPact(consumer: string, provider: string, revision: 1 | 2): PactDocument {
  const getPayment = {
    description: 'a request for a payment',
    providerStates: [{ name: 'payment 1 exists', params: { id: 1 } }],
    request: { method: 'GET', path: '/payments/1', headers: { Accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: revision === 1 ? { id: 1, status: 'PAID' } : { id: 1, status: 'PAID', amount: { value: 4200, currency: 'EUR' } },
    },
  };
  const createPayment = {
    description: 'a request to create a payment',
    providerStates: [{ name: 'order 7 awaits payment' }],
    request: { method: 'POST', path: '/payments', headers: { 'Content-Type': 'application/json' }, body: { orderId: 7, amount: 4200 } },
    response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: { id: 2, status: 'PENDING' } },
  };
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: revision === 1 ? [getPayment] : [getPayment, createPayment],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

export interface UiData {
  order: string;
  payment: string;
  webApp: string;
  mobileApp: string;
  shipping: string;
  address: string;
  production: string;
  staging: string;
}

export async function seedUiData(request: supertest.Agent): Promise<UiData> {
  const kit = seed(request);
  const order = kit.pacticipant('order-service');
  const payment = kit.pacticipant('payment-service');
  const webApp = kit.pacticipant('web-app');

  const v1 = await order.publishPact({
    version: '1.0.0',
    provider: payment,
    branch: 'main',
    content: orderPact(order.name, payment.name, 1),
  });
  await payment.verify(v1, { version: '10.0.0', success: true, branch: 'main' });
  const v2 = await order.publishPact({
    version: '2.0.0',
    provider: payment,
    branch: 'main',
    content: orderPact(order.name, payment.name, 2),
  });
  await payment.verify(v2, { version: '11.0.0', success: false, branch: 'feat/amounts' });
  await webApp.publishPact({ version: 'abc1234', provider: payment, branch: 'main' });

  const mobileApp = kit.pacticipant('mobile-app');
  const m1 = await mobileApp.publishPact({ version: 'm1', provider: payment, branch: 'main', variant: 'm1' });
  await payment.verify(m1, { version: '10.0.0', success: true });
  await mobileApp.publishPact({ version: 'm2', provider: payment, branch: 'main', variant: 'm2' });

  const shipping = kit.pacticipant('shipping-service');
  const address = kit.pacticipant('address-service');
  const s1 = await shipping.publishPact({ version: '3.1.4', provider: address, branch: 'main' });
  await address.verify(s1, { version: '0.9.0', success: true });

  const production = await kit.environment('production', true);
  const staging = await kit.environment('staging');
  await order.deploy('1.0.0', production);
  await payment.deploy('10.0.0', production);
  await payment.deploy('11.0.0', staging);
  return {
    order: order.name,
    payment: payment.name,
    webApp: webApp.name,
    mobileApp: mobileApp.name,
    shipping: shipping.name,
    address: address.name,
    production: production.name,
    staging: staging.name,
  };
}

// ---- schema contracts and webhooks (issues #8 and #5) ----
//   ledger-service publishes the protobuf subject {ledger}.v1.PaymentService as provider: 11.0.0, then
//     12.0.0, which changes the type of a field invoice-service reads (breaking)
//   invoice-service reads it as consumer (2.0.0) and publishes a pact to ledger-service (1.0.0), which
//     triggers a "Notify CI" webhook delivered to a loopback receiver
// Separate services, so the assertions on the data above (can-i-deploy, statuses) are unchanged.

const schemaFixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../broker/test/fixtures/schemas/${name}`, import.meta.url)), 'utf8');

export interface SchemaAndWebhookData {
  ledger: string;
  invoice: string;
  subject: string;
  webhookDescription: string;
}

export async function seedSchemaAndWebhook(request: supertest.Agent, hookUrl: string): Promise<SchemaAndWebhookData> {
  const kit = seed(request);
  const ledger = kit.pacticipant('ledger-service');
  const invoice = kit.pacticipant('invoice-service');
  const subject = `${ledger.name.replace(/-/g, '_')}.v1.PaymentService`;
  const publishSchema = async (pacticipant: string, version: string, role: 'provider' | 'consumer', fixture: string) => {
    const res = await request
      .post('/schemas/publish')
      .set('Accept', 'application/json')
      .send({
        pacticipantName: pacticipant,
        pacticipantVersionNumber: version,
        branch: 'main',
        subject,
        kind: 'protobuf',
        role,
        files: [{ path: 'payment/v1/payment.proto', content: schemaFixture(fixture) }],
      });
    if (res.status !== 201)
      throw new Error(`publishing ${role} schema ${pacticipant} ${version}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await publishSchema(ledger.name, '11.0.0', 'provider', 'payment-v1.proto');
  await publishSchema(invoice.name, '2.0.0', 'consumer', 'order-reads-payment.proto');
  await publishSchema(ledger.name, '12.0.0', 'provider', 'payment-v2-breaking.proto');

  const webhookDescription = `Notify CI of ${invoice.name}`;
  const hook = await request
    .post('/webhooks')
    .set('Accept', 'application/json')
    .send({
      description: webhookDescription,
      consumer: { name: invoice.name },
      events: [{ name: 'contract_published' }],
      request: { method: 'POST', url: `${hookUrl}/hook`, headers: { 'Content-Type': 'application/json' } },
    });
  if (hook.status !== 201) throw new Error(`creating the webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
  await invoice.publishPact({ version: '1.0.0', provider: ledger, branch: 'main' });
  return { ledger: ledger.name, invoice: invoice.name, subject, webhookDescription };
}

// The AsyncAPI subject (issue #13):
//   orders-events publishes its AsyncAPI document {events.subject}: 1.0.0, then 1.1.0, which renames the
//     OrderPlaced field amount_cents to amount (breaking)
//   billing-service publishes a message pact to orders-events (1.0.0) that reads amount_cents: Treaty's check of it
//     against 1.0.0 passes, against 1.1.0 fails

export interface EventsData {
  orders: string;
  billing: string;
  subject: string;
}

const asyncApiFixture = (name: string): string => schemaFixture(`asyncapi/${name}`);

export async function seedEvents(request: supertest.Agent): Promise<EventsData> {
  const kit = seed(request);
  const orders = kit.pacticipant('orders-events');
  const billing = kit.pacticipant('billing-service');
  const subject = `${orders.name}/events`;
  const publish = async (version: string, schema: string) => {
    const res = await request
      .post('/schemas/publish')
      .set('Accept', 'application/json')
      .send({
        pacticipantName: orders.name,
        pacticipantVersionNumber: version,
        branch: 'main',
        subject,
        kind: 'asyncapi',
        role: 'provider',
        files: [
          { path: 'order-events.yaml', content: asyncApiFixture('order-events.yaml') },
          { path: 'order-placed.schema.json', content: schema },
        ],
      });
    if (res.status !== 201) throw new Error(`publishing the AsyncAPI document ${version}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const schema = asyncApiFixture('order-placed.schema.json');
  await publish('1.0.0', schema);
  await billing.publishPact({
    version: '1.0.0',
    provider: orders,
    branch: 'main',
    content: {
      consumer: { name: billing.name },
      provider: { name: orders.name },
      interactions: [
        {
          type: 'Asynchronous/Messages',
          description: 'an OrderPlaced event',
          contents: {
            content: { order_id: 'ord-1', amount_cents: 4999, currency: 'EUR' },
            contentType: 'application/json',
            encoded: false,
          },
          metadata: { contentType: 'application/json' },
        },
      ],
      metadata: { pactSpecification: { version: '4.0' } },
    },
  });
  await publish('1.1.0', schema.replaceAll('amount_cents', 'amount'));
  return { orders: orders.name, billing: billing.name, subject };
}

// ---- calls to GitHub (issue #18) ----
//   shop-web (linked to acme/shop-web on a fake GitHub) publishes a pact to catalog-api at a commit: its "pending"
//     commit status gets a 500 (the job waits for its retry); catalog-api then verifies it, and the "success" status
//     and a check run are accepted (201)

export interface GitHubCallsData {
  consumer: string;
  provider: string;
  commit: string;
}

export async function seedGitHubCalls(
  request: supertest.Agent,
  gitHubApiUrl: string,
  runJobs: () => Promise<unknown>,
  failNextCall: () => void,
): Promise<GitHubCallsData> {
  const kit = seed(request);
  const shop = kit.pacticipant('shop-web');
  const catalog = kit.pacticipant('catalog-api');
  const linked = await request.post('/pacticipants').send({ name: shop.name, repositoryUrl: `${gitHubApiUrl}/acme/shop-web` });
  if (linked.status !== 201) throw new Error(`linking ${shop.name} to GitHub: ${linked.status} ${JSON.stringify(linked.body)}`);
  const commit = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
  const pact = await shop.publishPact({ version: commit, provider: catalog, branch: 'main' });
  failNextCall();
  await runJobs();
  await catalog.verify(pact, { version: '5.0.0', success: true });
  await runJobs();
  return { consumer: shop.name, provider: catalog.name, commit };
}
