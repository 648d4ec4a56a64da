// payment-service's provider states: what each one seeds into the store. The README says why each
// exists. Used by the in-process verification (payment.provider.test.ts) and by the HTTP state-change
// endpoint the demo mounts next to the app (sample-services/demo/src/payment-provider-states.ts).
import { CardStatus, type PaymentStore } from '../../src/store.ts';

export type StateSeed = (store: PaymentStore) => void;

export const paymentProviderStates: Readonly<Record<string, StateSeed>> = {
  'customer cust-1 has a valid card': (store) => store.seedCustomer({ id: 'cust-1', card: CardStatus.Valid }),
  "customer cust-2's card is declined": (store) => store.seedCustomer({ id: 'cust-2', card: CardStatus.Declined }),
  'charge ch-1 exists': (store) =>
    store.seedCharge({
      payment_id: 'ch-1',
      status: 'succeeded',
      amount_cents: 4999,
      currency: 'EUR',
      order_id: 'ord-1',
      customer_id: 'cust-1',
      created_at: '2025-01-31T12:00:00.000Z',
    }),
  // Nothing to seed: the store is empty at the start of each interaction, so ch-404 cannot exist. The
  // state is still named, so that the pact says out loud what the 404 depends on.
  'no charge ch-404 exists': () => undefined,
};
