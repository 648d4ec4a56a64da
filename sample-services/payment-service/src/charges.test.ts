import { beforeEach, describe, expect, it } from 'vitest';
import { chargeCustomer, toChargeView } from './charges.ts';
import { CardStatus, createStore, type PaymentStore } from './store.ts';

const request = { order_id: 'ord-1', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-1' };

describe('chargeCustomer', () => {
  let store: PaymentStore;
  const deps = () => ({ store, newPaymentId: () => 'ch-test', now: () => new Date('2025-01-31T12:00:00.000Z') });

  beforeEach(() => {
    store = createStore();
  });

  describe('when the customer has a valid card', () => {
    it('stores a succeeded charge and returns it', () => {
      store.seedCustomer({ id: 'cust-1', card: CardStatus.Valid });
      const outcome = chargeCustomer(deps(), request);
      expect(outcome.status).toBe('succeeded');
      expect(store.findCharge('ch-test')).toEqual({
        payment_id: 'ch-test',
        status: 'succeeded',
        amount_cents: 4999,
        currency: 'EUR',
        order_id: 'ord-1',
        customer_id: 'cust-1',
        created_at: '2025-01-31T12:00:00.000Z',
      });
    });
  });

  describe("when the customer's card is declined", () => {
    it('returns declined and stores nothing', () => {
      store.seedCustomer({ id: 'cust-1', card: CardStatus.Declined });
      expect(chargeCustomer(deps(), request)).toEqual({ status: 'declined', customerId: 'cust-1' });
      expect(store.findCharge('ch-test')).toBeUndefined();
    });
  });

  describe('when the customer is unknown', () => {
    it('returns unknown-customer', () => {
      expect(chargeCustomer(deps(), request)).toEqual({ status: 'unknown-customer', customerId: 'cust-1' });
    });
  });

  it('generates ch-prefixed payment ids by default', () => {
    store.seedCustomer({ id: 'cust-1', card: CardStatus.Valid });
    const outcome = chargeCustomer({ store }, request);
    expect(outcome.status === 'succeeded' && outcome.charge.payment_id).toMatch(/^ch-[0-9a-f-]{36}$/);
  });
});

describe('toChargeView', () => {
  it('exposes the public fields only (no customer_id, no created_at)', () => {
    expect(
      toChargeView({
        payment_id: 'ch-1',
        status: 'succeeded',
        amount_cents: 100,
        currency: 'USD',
        order_id: 'ord-9',
        customer_id: 'cust-1',
        created_at: '2025-01-31T12:00:00.000Z',
      }),
    ).toEqual({ payment_id: 'ch-1', status: 'succeeded', amount_cents: 100, currency: 'USD', order_id: 'ord-9' });
  });
});
