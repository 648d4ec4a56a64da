// verifyProviderAgainstTreaty with the two provider set-ups the CLI test does not reach: in-process
// state handlers (pact-js proxies the verifier's state changes to them) and message pacts verified
// through `messageProviders`. All parts are real: Treaty on a loopback port, seeded through its HTTP
// API; the pacts the sample services' consumer tests write; payment-service's createApp and
// order-service's OrderService. Names carry a random suffix (seed.ts), so the run is its own tenant.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { MessageProviders } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type PacticipantHandle, type PactDocument } from '../../broker/test/support/seed.ts';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { InMemoryEventPublisher } from '../../sample-services/order-service/src/event-publisher.ts';
import { OrderService } from '../../sample-services/order-service/src/orders.ts';
import type { Charge, ChargeRequest, ChargeResult, PaymentGateway } from '../../sample-services/order-service/src/payment-client.ts';
import { ensurePactFile as ensureOrderServiceSidePactFile } from '../../sample-services/order-service/test/support/pact-files.ts';
import { createApp } from '../../sample-services/payment-service/src/app.ts';
import { createStore } from '../../sample-services/payment-service/src/store.ts';
import { ensurePactFile } from '../../sample-services/payment-service/test/support/pact-files.ts';
import { paymentProviderStates } from '../../sample-services/payment-service/test/support/provider-states.ts';
import { verifyProviderAgainstTreaty, type StateHandlers } from '../src/pact/verify-provider-against-treaty.ts';
import { InteractionOutcome, PactOutcome, VerificationStatus } from '../src/pact/verification-summary.ts';

let broker: TestBroker;
let brokerUrl: string;

beforeAll(async () => {
  broker = await startTestBroker();
  brokerUrl = await broker.listen();
}, 60_000);

afterAll(async () => {
  await broker?.close();
});

/** A pact file with the consumer and provider renamed to this run's tenant names. */
function pactFor(file: string, consumer: string, provider: string): PactDocument {
  const pact = JSON.parse(readFileSync(file, 'utf8')) as PactDocument;
  pact.consumer.name = consumer;
  pact.provider.name = provider;
  return pact;
}

/** Makes `main` the consumer's main branch, so the default `{ mainBranch: true }` selector picks its pact. */
async function setMainBranch(pacticipant: PacticipantHandle): Promise<void> {
  const res = await broker.request
    .patch(`/pacticipants/${encodeURIComponent(pacticipant.name)}`)
    .set('content-type', 'application/merge-patch+json')
    .send(JSON.stringify({ mainBranch: 'main' }));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

interface VerificationResultBody {
  success: boolean;
  providerApplicationVersion: string;
}

/** Treaty's latest verification of the pact the consumer published as `consumerVersion`. */
async function latestVerification(consumer: string, provider: string, consumerVersion: string): Promise<VerificationResultBody> {
  const res = await broker.request.get(
    `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(consumerVersion)}/verification-results/latest`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as VerificationResultBody;
}

interface MatrixBody {
  summary: { deployable: boolean | null; reason: string };
  matrix: Array<{ verificationResult: { success: boolean } | null }>;
}

async function matrix(consumer: string, consumerVersion: string, provider: string, providerVersion: string): Promise<MatrixBody> {
  const res = await broker.request
    .get('/matrix')
    .query(
      `q[][pacticipant]=${encodeURIComponent(consumer)}&q[][version]=${encodeURIComponent(consumerVersion)}` +
        `&q[][pacticipant]=${encodeURIComponent(provider)}&q[][version]=${encodeURIComponent(providerVersion)}&latestby=cvpv`,
    );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as MatrixBody;
}

describe('verifyProviderAgainstTreaty', { timeout: 180_000 }, () => {
  describe('an HTTP provider with in-process state handlers', () => {
    const store = createStore();
    let server: Server;
    let providerBaseUrl: string;
    let consumer: PacticipantHandle;
    let provider: PacticipantHandle;

    // The handlers only seed payment-service's store; its own validation and charging code is verified.
    const stateHandlers: StateHandlers = Object.fromEntries(
      Object.entries(paymentProviderStates).map(([state, seedState]) => [
        state,
        async () => {
          seedState(store);
          return undefined;
        },
      ]),
    );

    beforeAll(async () => {
      const file = await ensurePactFile({
        fileName: 'order-service-payment-service.json',
        consumerDir: fileURLToPath(new URL('../../sample-services/order-service', import.meta.url)),
        consumerTest: 'test/payment-client.pact.test.ts',
      });
      const kit = seed(broker.request);
      consumer = kit.pacticipant('order-service');
      provider = kit.pacticipant('payment-service');
      await consumer.publishPact({ version: '1.0.0', provider, branch: 'main', content: pactFor(file, consumer.name, provider.name) });
      await setMainBranch(consumer);

      server = createApp({ store }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      providerBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 180_000);

    afterAll(async () => {
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('verifies every interaction through the state handlers and publishes the success', async () => {
      const summary = await verifyProviderAgainstTreaty({
        brokerUrl,
        provider: provider.name,
        providerVersion: 'p-1',
        providerBranch: 'main',
        providerBaseUrl,
        enablePending: true,
        stateHandlers,
        // Each interaction starts from an empty store, as in payment-service's own verification test.
        beforeEach: async () => store.reset(),
        publish: true,
      });

      expect(summary, JSON.stringify(summary, null, 2)).toMatchObject({
        status: VerificationStatus.Passed,
        success: true,
        published: true,
        provider: provider.name,
        providerVersion: 'p-1',
        providerBranch: 'main',
      });
      expect(summary.pacts).toHaveLength(1);
      const [pact] = summary.pacts;
      expect(pact).toMatchObject({
        consumer: consumer.name,
        consumerVersion: '1.0.0',
        outcome: PactOutcome.Passed,
        pending: true,
        wip: false,
      });
      expect(pact!.selectedBecause).toContain('main');
      expect(
        pact!.interactions.map(({ description, providerStates, outcome, mismatches }) => ({
          description,
          providerStates,
          outcome,
          mismatches,
        })),
      ).toEqual(
        expect.arrayContaining([
          {
            description: 'a request for charge ch-1',
            providerStates: ['charge ch-1 exists'],
            outcome: InteractionOutcome.Passed,
            mismatches: [],
          },
          {
            description: 'a request for charge ch-404, which does not exist',
            providerStates: ['no charge ch-404 exists'],
            outcome: InteractionOutcome.Passed,
            mismatches: [],
          },
          {
            description: 'a request to charge cust-1 for order ord-1',
            providerStates: ['customer cust-1 has a valid card'],
            outcome: InteractionOutcome.Passed,
            mismatches: [],
          },
          {
            description: 'a request to charge cust-2, whose card is declined',
            providerStates: ["customer cust-2's card is declined"],
            outcome: InteractionOutcome.Passed,
            mismatches: [],
          },
        ]),
      );
      expect(pact!.interactions).toHaveLength(4);

      // Treaty recorded it: the pact's latest verification, and the matrix row for the two versions.
      expect(await latestVerification(consumer.name, provider.name, '1.0.0')).toMatchObject({
        success: true,
        providerApplicationVersion: 'p-1',
      });
      const m = await matrix(consumer.name, '1.0.0', provider.name, 'p-1');
      expect(m.matrix).toHaveLength(1);
      expect(m.matrix[0]!.verificationResult).toMatchObject({ success: true });
      expect(m.summary.deployable, m.summary.reason).toBe(true);
    });
  });

  describe('a message provider through messageProviders', () => {
    let consumer: PacticipantHandle;
    let provider: PacticipantHandle;

    /** payment-service approving every charge: order-service publishes OrderPlaced only after a successful charge. */
    const approvingPayments: PaymentGateway = {
      charge: (request: ChargeRequest): Promise<ChargeResult> =>
        Promise.resolve({ ok: true, charge: { payment_id: 'ch-1', status: 'succeeded', ...request } }),
      getCharge: (): Promise<Charge | undefined> => Promise.resolve(undefined),
    };

    /** The OrderPlaced event order-service's real OrderService publishes, optionally tampered with. */
    const orderPlacedProvider =
      (tamper: (event: Record<string, unknown>) => Record<string, unknown> = (e) => e): MessageProviders[string] =>
      async () => {
        const publisher = new InMemoryEventPublisher();
        const orders = new OrderService({ payments: approvingPayments, publisher });
        const outcome = await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
        if (outcome.status !== 'placed') throw new Error(`expected the order to be placed, got ${outcome.status}`);
        const [event] = publisher.published;
        if (!event) throw new Error('placing an order published no OrderPlaced event');
        return tamper({ ...event });
      };

    const verify = (providerVersion: string, messageProviders: MessageProviders) =>
      verifyProviderAgainstTreaty({
        brokerUrl,
        provider: provider.name,
        providerVersion,
        providerBranch: 'main',
        enablePending: false,
        messageProviders,
        publish: true,
      });

    beforeAll(async () => {
      const file = await ensureOrderServiceSidePactFile({
        fileName: 'payment-service-order-service.json',
        consumerDir: fileURLToPath(new URL('../../sample-services/payment-service', import.meta.url)),
        consumerTest: 'test/order-placed.message.pact.test.ts',
      });
      const kit = seed(broker.request);
      consumer = kit.pacticipant('payment-service');
      provider = kit.pacticipant('order-service');
      await consumer.publishPact({ version: '1.0.0', provider, branch: 'main', content: pactFor(file, consumer.name, provider.name) });
      await setMainBranch(consumer);
    }, 180_000);

    it('verifies the OrderPlaced event order-service really produces and publishes the success', async () => {
      const summary = await verify('o-1', { 'an OrderPlaced event': orderPlacedProvider() });

      expect(summary, JSON.stringify(summary, null, 2)).toMatchObject({
        status: VerificationStatus.Passed,
        success: true,
        published: true,
      });
      expect(summary.pacts).toHaveLength(1);
      expect(summary.pacts[0]).toMatchObject({
        consumer: consumer.name,
        consumerVersion: '1.0.0',
        outcome: PactOutcome.Passed,
        interactions: [{ description: 'an OrderPlaced event', providerStates: [], outcome: InteractionOutcome.Passed, mismatches: [] }],
      });
      expect(await latestVerification(consumer.name, provider.name, '1.0.0')).toMatchObject({
        success: true,
        providerApplicationVersion: 'o-1',
      });
    });

    it('fails on a producer that sends the amount as a string, names the interaction and publishes the failure', async () => {
      const summary = await verify('o-2', {
        'an OrderPlaced event': orderPlacedProvider((e) => ({ ...e, amount_cents: String(e.amount_cents) })),
      });

      expect(summary, JSON.stringify(summary, null, 2)).toMatchObject({
        status: VerificationStatus.Failed,
        success: false,
        published: true,
      });
      expect(summary.pacts).toHaveLength(1);
      const [pact] = summary.pacts;
      expect(pact).toMatchObject({ consumer: consumer.name, outcome: PactOutcome.Failed, pending: false });
      expect(pact!.interactions).toHaveLength(1);
      const [interaction] = pact!.interactions;
      expect(interaction).toMatchObject({ description: 'an OrderPlaced event', outcome: InteractionOutcome.Failed });
      expect(interaction!.mismatches.join('\n')).toMatch(/amount_cents/);

      expect(await latestVerification(consumer.name, provider.name, '1.0.0')).toMatchObject({
        success: false,
        providerApplicationVersion: 'o-2',
      });
      const m = await matrix(consumer.name, '1.0.0', provider.name, 'o-2');
      expect(m.matrix[0]!.verificationResult).toMatchObject({ success: false });
      expect(m.summary.deployable).not.toBe(true);
    });
  });
});
