// HTTP-level behaviour of order-service's createApp, on an ephemeral loopback port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { InMemoryEventPublisher } from './event-publisher.ts';
import { OrderService } from './orders.ts';
import { PaymentServiceError, type Charge, type ChargeRequest, type ChargeResult, type PaymentGateway } from './payment-client.ts';

/** Approves cust-1, declines cust-2, times out for cust-slow, is unreachable for cust-down. */
const payments: PaymentGateway = {
  charge(request: ChargeRequest): Promise<ChargeResult> {
    switch (request.customer_id) {
      case 'cust-2':
        return Promise.resolve({ ok: false, reason: 'declined', message: 'The card of customer cust-2 was declined.' });
      case 'cust-slow':
        return Promise.reject(new PaymentServiceError('timeout', 'no answer within 2000 ms'));
      case 'cust-down':
        return Promise.reject(new PaymentServiceError('network', 'connection refused'));
      default:
        return Promise.resolve({ ok: true, charge: { payment_id: 'ch-1', status: 'succeeded', ...request } });
    }
  },
  getCharge: (id: string): Promise<Charge | undefined> =>
    Promise.resolve(
      id === 'ch-1' ? { payment_id: 'ch-1', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' } : undefined,
    ),
};

const publisher = new InMemoryEventPublisher();
let n = 0;
const orders = new OrderService({ payments, publisher, newOrderId: () => `ord-${++n}` });
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createApp({ orders }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function placeOrder(customerId: string, amount = 4999): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer_id: customerId, amount_cents: amount, currency: 'EUR' }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /orders', () => {
  it('returns 201 with the placed order, and its payment can be looked up', async () => {
    const res = await placeOrder('cust-1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customer_id: 'cust-1', payment_id: 'ch-1', status: 'placed' });
    const payment = await fetch(`${baseUrl}/orders/${String(res.body.order_id)}/payment`);
    expect(payment.status).toBe(200);
  });

  it('returns 402 payment_declined when payment-service declines the card', async () => {
    const res = await placeOrder('cust-2');
    expect(res.status).toBe(402);
    expect(res.body.error).toBe('payment_declined');
  });

  it('returns 400 for an invalid order', async () => {
    expect((await placeOrder('cust-1', 0)).status).toBe(400);
  });

  it.each([
    ['cust-slow', 504],
    ['cust-down', 502],
  ])('answers %s with %i when payment-service cannot be reached', async (customerId, status) => {
    const res = await placeOrder(customerId);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe('payment_service_unavailable');
  });
});

describe('GET /orders/{id}', () => {
  it('returns 404 for an unknown order', async () => {
    expect((await fetch(`${baseUrl}/orders/ord-unknown`)).status).toBe(404);
  });
});
