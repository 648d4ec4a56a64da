// HTTP-level behaviour of createApp, on an ephemeral loopback port (the mapping of outcomes to status codes).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { CardStatus, createStore } from './store.ts';

const store = createStore();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createApp({ store, newPaymentId: () => 'ch-new' }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  store.reset();
  store.seedCustomer({ id: 'cust-1', card: CardStatus.Valid });
  store.seedCustomer({ id: 'cust-2', card: CardStatus.Declined });
});

async function post(body: unknown, raw?: string): Promise<{ status: number; body: unknown; location: string | null }> {
  const res = await fetch(`${baseUrl}/api/v1/charges`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), location: res.headers.get('location') };
}

describe('POST /api/v1/charges', () => {
  const charge = { order_id: 'ord-1', amount_cents: 4999, currency: 'EUR' };

  it('returns 201 with the succeeded charge', async () => {
    const res = await post({ ...charge, customer_id: 'cust-1' });
    expect(res.status).toBe(201);
    expect(res.location).toBe('/api/v1/charges/ch-new');
    expect(res.body).toEqual({ payment_id: 'ch-new', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' });
  });

  it("returns 402 card_declined when the customer's card is declined", async () => {
    const res = await post({ ...charge, customer_id: 'cust-2' });
    expect(res.status).toBe(402);
    expect(res.body).toMatchInlineSnapshot(`
      {
        "error": "card_declined",
        "message": "The card of customer cust-2 was declined.",
      }
    `);
  });

  it('returns 422 unknown_customer for a customer it does not know', async () => {
    const res = await post({ ...charge, customer_id: 'cust-nobody' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'unknown_customer' });
  });

  it('returns 400 naming every invalid field', async () => {
    const res = await post({ order_id: 'ord-1', amount_cents: -1, currency: 'eur', customer_id: 'cust-1' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchInlineSnapshot(`
      {
        "error": "invalid_request",
        "errors": [
          {
            "field": "amount_cents",
            "message": "amount_cents must be a positive integer (an amount in the smallest currency unit)",
          },
          {
            "field": "currency",
            "message": "currency must be an ISO 4217 code of three upper-case letters, e.g. "EUR"",
          },
        ],
        "message": "amount_cents must be a positive integer (an amount in the smallest currency unit); currency must be an ISO 4217 code of three upper-case letters, e.g. "EUR"",
      }
    `);
  });

  it('returns 400 for a body that is not JSON', async () => {
    const res = await post(undefined, '{not json');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', message: 'The request body is not valid JSON.' });
  });
});

describe('GET /api/v1/charges/{id}', () => {
  it('returns 200 with a stored charge', async () => {
    store.seedCharge({
      payment_id: 'ch-1',
      status: 'succeeded',
      amount_cents: 100,
      currency: 'USD',
      order_id: 'ord-9',
      customer_id: 'cust-1',
      created_at: '2025-01-31T12:00:00.000Z',
    });
    const res = await fetch(`${baseUrl}/api/v1/charges/ch-1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ payment_id: 'ch-1', status: 'succeeded', amount_cents: 100, currency: 'USD', order_id: 'ord-9' });
  });

  it('returns 404 charge_not_found for an unknown id', async () => {
    const res = await fetch(`${baseUrl}/api/v1/charges/ch-404`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'charge_not_found' });
  });
});
