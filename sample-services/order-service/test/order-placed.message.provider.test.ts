// Message provider verification: does order-service's real code produce the OrderPlaced event that
// payment-service expects?
//
// For messages, Pact does not call a running service. The Verifier asks `messageProviders` for the
// message named by each interaction's description, and compares what they return with the pact.
// The provider below runs the real OrderService.placeOrder (only payment-service itself is replaced
// by an in-memory gateway that approves the charge) and returns the event it published.
import { Verifier, type MessageProviders } from '@pact-foundation/pact';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InMemoryEventPublisher } from '../src/event-publisher.ts';
import { OrderService } from '../src/orders.ts';
import type { Charge, ChargeRequest, ChargeResult, PaymentGateway } from '../src/payment-client.ts';
import { ensurePactFile } from './support/pact-files.ts';

/** payment-service approving every charge: the event is only published after a successful charge. */
const approvingPayments: PaymentGateway = {
  charge: (request: ChargeRequest): Promise<ChargeResult> =>
    Promise.resolve({ ok: true, charge: { payment_id: 'ch-1', status: 'succeeded', ...request } }),
  getCharge: (): Promise<Charge | undefined> => Promise.resolve(undefined),
};

const messageProviders: MessageProviders = {
  'an OrderPlaced event': async () => {
    const publisher = new InMemoryEventPublisher();
    const orders = new OrderService({ payments: approvingPayments, publisher });
    const outcome = await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
    if (outcome.status !== 'placed') throw new Error(`expected the order to be placed, got ${outcome.status}`);
    const [event] = publisher.published;
    if (!event) throw new Error('placing an order published no OrderPlaced event');
    return event;
  },
};

describe('order-service produces the messages its consumers expect (Pact Verifier, messages)', () => {
  it('produces the OrderPlaced event payment-service expects', async () => {
    const pactFile = await ensurePactFile({
      fileName: 'payment-service-order-service.json',
      consumerDir: fileURLToPath(new URL('../../payment-service', import.meta.url)),
      consumerTest: 'test/order-placed.message.pact.test.ts',
    });
    const verifier = new Verifier({
      provider: 'order-service',
      pactUrls: [pactFile],
      messageProviders,
      logLevel: 'warn',
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  });
});
