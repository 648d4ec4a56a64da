import { beforeEach, describe, expect, it } from 'vitest';
import { handleOrderPlaced } from './order-placed.ts';
import { createStore, type PaymentStore } from './store.ts';

const event = {
  event_id: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c',
  order_id: 'ord-1',
  customer_id: 'cust-1',
  amount_cents: 4999,
  currency: 'EUR',
  placed_at: '2025-01-31T12:00:00.000Z',
};

describe('handleOrderPlaced', () => {
  let store: PaymentStore;
  beforeEach(() => {
    store = createStore();
  });

  it('records a valid event as an expected payment for the order', () => {
    expect(handleOrderPlaced(event, store)).toEqual({ status: 'recorded', event });
    expect(store.expectedPaymentFor('ord-1')).toEqual(event);
  });

  it('ignores a redelivered event with the same event_id (at-least-once delivery)', () => {
    handleOrderPlaced(event, store);
    expect(handleOrderPlaced({ ...event, amount_cents: 1 }, store)).toEqual({ status: 'duplicate', eventId: event.event_id });
    expect(store.expectedPaymentFor('ord-1')?.amount_cents).toBe(4999);
  });

  it.each([
    ['placed_at is not a date-time', { placed_at: 'yesterday' }, 'placed_at'],
    ['placed_at has no offset', { placed_at: '2025-01-31T12:00:00' }, 'placed_at'],
    ['amount_cents is zero', { amount_cents: 0 }, 'amount_cents'],
    ['currency is not ISO 4217', { currency: 'euro' }, 'currency'],
    ['event_id is missing', { event_id: undefined }, 'event_id'],
  ])('rejects the event when %s', (_case, change, field) => {
    const result = handleOrderPlaced({ ...event, ...change }, store);
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.errors.map((e) => e.field)).toEqual([field]);
    expect(store.expectedPaymentFor('ord-1')).toBeUndefined();
  });

  it('rejects a message that is not a JSON object', () => {
    expect(handleOrderPlaced('OrderPlaced', store).status).toBe('rejected');
  });
});
