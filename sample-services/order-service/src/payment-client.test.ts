// The client's error mapping, against a stub HTTP server on loopback (these paths are not in the pact:
// payment-service never promises to be slow or to fail, so they are tested here instead).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCharge, PaymentClient, PaymentServiceError } from './payment-client.ts';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/api/v1/charges/slow') {
      setTimeout(() => res.end('{}'), 500);
      return;
    }
    if (req.url === '/api/v1/charges/broken') {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"internal_error","message":"boom"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"payment_id":"ch-1","status":"pending"}');
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<PaymentServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PaymentServiceError)) throw new Error(`expected a PaymentServiceError, got ${String(error)}`);
  return error;
}

describe('PaymentClient', () => {
  it('throws a timeout error when payment-service does not answer in time (AbortSignal.timeout)', async () => {
    const client = new PaymentClient({ baseUrl, timeoutMs: 50 });
    const error = await failure(client.getCharge('slow'));
    expect(error.kind).toBe('timeout');
  });

  it('throws unexpected-status with the status and the message of a 5xx answer', async () => {
    const error = await failure(new PaymentClient({ baseUrl }).getCharge('broken'));
    expect(error.kind).toBe('unexpected-status');
    expect(error.status).toBe(500);
    expect(error.message).toBe('payment-service answered 500: boom');
  });

  it('throws invalid-response when a 200 body is not a succeeded charge', async () => {
    const error = await failure(new PaymentClient({ baseUrl }).getCharge('ch-1'));
    expect(error.kind).toBe('invalid-response');
  });

  it('throws a network error when nothing listens', async () => {
    const error = await failure(new PaymentClient({ baseUrl: 'http://127.0.0.1:9' }).getCharge('ch-1'));
    expect(error.kind).toBe('network');
  });
});

describe('parseCharge', () => {
  const charge = { payment_id: 'ch-1', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' };

  it('keeps the fields order-service uses and ignores the others (tolerant reader)', () => {
    expect(parseCharge({ ...charge, created_at: 'later', risk_score: 3 })).toEqual(charge);
  });

  it.each([
    ['payment_id is missing', { payment_id: undefined }],
    ['amount_cents is a string', { amount_cents: '4999' }],
    ['status is not succeeded', { status: 'failed' }],
  ])('rejects a charge when %s', (_case, change) => {
    expect(() => parseCharge({ ...charge, ...change })).toThrow(PaymentServiceError);
  });
});
