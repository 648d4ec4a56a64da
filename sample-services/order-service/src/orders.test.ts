import { describe, expect, it } from 'vitest';
import { InMemoryEventPublisher } from './event-publisher.ts';
import { OrderService } from './orders.ts';
import { PaymentServiceError, type Charge, type ChargeRequest, type ChargeResult, type PaymentGateway } from './payment-client.ts';

class FakePayments implements PaymentGateway {
  readonly requests: ChargeRequest[] = [];
  constructor(private readonly answer: (request: ChargeRequest) => ChargeResult | Error) {}

  charge(request: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(request);
    const answer = this.answer(request);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  getCharge(paymentId: string): Promise<Charge | undefined> {
    return Promise.resolve(
      paymentId === 'ch-1'
        ? { payment_id: 'ch-1', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' }
        : undefined,
    );
  }
}

const succeed = (r: ChargeRequest): ChargeResult => ({ ok: true, charge: { payment_id: 'ch-1', status: 'succeeded', ...r } });

function service(payments: PaymentGateway) {
  const publisher = new InMemoryEventPublisher();
  const orders = new OrderService({
    payments,
    publisher,
    newOrderId: () => 'ord-1',
    newEventId: () => '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c',
    now: () => new Date('2025-01-31T12:00:00.000Z'),
  });
  return { orders, publisher };
}

describe('OrderService.placeOrder', () => {
  describe('when payment-service charges the customer', () => {
    it('stores the order and publishes OrderPlaced after the charge', async () => {
      const payments = new FakePayments(succeed);
      const { orders, publisher } = service(payments);
      const outcome = await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });

      expect(outcome.status).toBe('placed');
      expect(payments.requests).toEqual([{ order_id: 'ord-1', customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' }]);
      expect(orders.findOrder('ord-1')?.payment_id).toBe('ch-1');
      expect(publisher.published).toEqual([
        {
          event_id: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c',
          order_id: 'ord-1',
          customer_id: 'cust-1',
          amount_cents: 4999,
          currency: 'EUR',
          placed_at: '2025-01-31T12:00:00.000Z',
        },
      ]);
    });
  });

  describe('when the card is declined', () => {
    it('stores nothing and publishes nothing', async () => {
      const { orders, publisher } = service(new FakePayments(() => ({ ok: false, reason: 'declined', message: 'declined' })));
      const outcome = await orders.placeOrder({ customer_id: 'cust-2', amount_cents: 4999, currency: 'EUR' });
      expect(outcome).toEqual({ status: 'payment-declined', orderId: 'ord-1', message: 'declined' });
      expect(orders.findOrder('ord-1')).toBeUndefined();
      expect(publisher.published).toEqual([]);
    });
  });

  describe('when payment-service cannot be reached', () => {
    it('propagates the PaymentServiceError and publishes nothing', async () => {
      const { orders, publisher } = service(new FakePayments(() => new PaymentServiceError('timeout', 'no answer')));
      await expect(orders.placeOrder({ customer_id: 'cust-1', amount_cents: 1, currency: 'EUR' })).rejects.toMatchObject({
        kind: 'timeout',
      });
      expect(publisher.published).toEqual([]);
    });
  });
});

describe('OrderService.paymentFor', () => {
  it('looks the charge up in payment-service', async () => {
    const { orders } = service(new FakePayments(succeed));
    await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
    expect((await orders.paymentFor('ord-1')).status).toBe('found');
    expect(await orders.paymentFor('ord-unknown')).toEqual({ status: 'no-order' });
  });

  it('reports no-charge when payment-service no longer knows the charge', async () => {
    const { orders } = service(new FakePayments((r) => ({ ok: true, charge: { payment_id: 'ch-gone', status: 'succeeded', ...r } })));
    await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
    expect(await orders.paymentFor('ord-1')).toEqual({ status: 'no-charge', paymentId: 'ch-gone' });
  });
});
