// The OrderPlaced event over a real message broker (issue #13): order-service's NatsEventPublisher publishes what
// OrderService.placeOrder emits to NATS JetStream, and payment-service's durable consumer hands it to the same
// handleOrderPlaced its message pact tests. Needs NATS with JetStream at NATS_URL (default nats://127.0.0.1:4222).
// Each run uses its own stream, subject and consumer, and deletes them afterwards.
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsEventPublisher } from '../../order-service/src/nats-event-publisher.ts';
import { OrderService } from '../../order-service/src/orders.ts';
import type { ChargeRequest, ChargeResult, PaymentGateway } from '../../order-service/src/payment-client.ts';
import { consumeOrderPlaced, type OrderPlacedConsumer } from '../../payment-service/src/nats-order-placed-consumer.ts';
import type { OrderPlacedHandling } from '../../payment-service/src/order-placed.ts';
import { createStore, type PaymentStore } from '../../payment-service/src/store.ts';

const url = process.env.NATS_URL?.trim() || 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const config = { url, stream: `TREATY_TEST_ORDER_EVENTS_${run}`, subject: `treaty-test.${run}.order-events` };

/** payment-service approving every charge: the event is only published after a successful charge. */
const approvingPayments: PaymentGateway = {
  charge: (request: ChargeRequest): Promise<ChargeResult> =>
    Promise.resolve({ ok: true, charge: { payment_id: `ch-${randomUUID().slice(0, 6)}`, status: 'succeeded', ...request } }),
  getCharge: () => Promise.resolve(undefined),
};

let admin: NatsConnection;
let publisher: NatsEventPublisher;
let consumer: OrderPlacedConsumer;
let store: PaymentStore;
const outcomes: OrderPlacedHandling[] = [];

/** Resolves once `count` messages were handled (the consumer is asynchronous); fails after a generous bound. */
async function handled(count: number): Promise<void> {
  for (let i = 0; i < 300 && outcomes.length < count; i++) await new Promise((r) => setTimeout(r, 100));
  expect(outcomes.length, 'messages handled by payment-service').toBeGreaterThanOrEqual(count);
}

beforeAll(async () => {
  admin = await connect({ servers: url });
  publisher = await NatsEventPublisher.connect(config);
  store = createStore();
  consumer = await consumeOrderPlaced({ ...config, durable: `payment-service-${run}` }, store, (o) => outcomes.push(o));
});

afterAll(async () => {
  await consumer?.stop();
  await publisher?.close();
  // the stream goes with its consumer: nothing of this run is left on the server
  await (await admin?.jetstreamManager())?.streams.delete(config.stream);
  await admin?.close();
});

describe('OrderPlaced over NATS JetStream (NATS_URL set)', { timeout: 60_000 }, () => {
  it('an order placed by order-service reaches payment-service, which records the payment it expects', async () => {
    const orders = new OrderService({ payments: approvingPayments, publisher });
    const outcome = await orders.placeOrder({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
    expect(outcome.status).toBe('placed');
    await handled(1);
    expect(outcomes[0]?.status).toBe('recorded');
    const event = outcomes[0]?.status === 'recorded' ? outcomes[0].event : undefined;
    expect(event).toMatchObject({ customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' });
    expect(store.expectedPaymentFor(event!.order_id)).toEqual(event);
    // on the wire: JSON on the channel address of order-service's AsyncAPI document, its content type in a header
    const stream = await (await admin.jetstreamManager()).streams.getMessage(config.stream, { last_by_subj: config.subject });
    expect(stream.json()).toEqual(event);
    expect(stream.header.get('content-type')).toBe('application/json');
  });

  it('a publish retried with the same event is stored once; the same event delivered again is a duplicate', async () => {
    const orders = new OrderService({ payments: approvingPayments, publisher });
    await orders.placeOrder({ customer_id: 'cust-2', amount_cents: 100, currency: 'USD' });
    await handled(2);
    const event = outcomes[1]?.status === 'recorded' ? outcomes[1].event : undefined;
    expect(event?.customer_id).toBe('cust-2');
    const manager = await admin.jetstreamManager();
    const before = (await manager.streams.info(config.stream)).state.messages;
    // a retry after a lost acknowledgement: same event_id, so the same JetStream message id
    await publisher.publish(event!);
    expect((await manager.streams.info(config.stream)).state.messages).toBe(before);
    // the same event as a new message (e.g. re-sent by hand): payment-service deduplicates on event_id
    await admin.jetstream().publish(config.subject, JSON.stringify(event), { msgID: `resend-${run}` });
    await handled(3);
    expect(outcomes[2]).toEqual({ status: 'duplicate', eventId: event!.event_id });
  });

  it('a message that is not an OrderPlaced is rejected (terminated, not redelivered) and records nothing', async () => {
    await admin.jetstream().publish(config.subject, JSON.stringify({ order_id: 'ord-x' }), { msgID: `bad-${run}` });
    await handled(4);
    expect(outcomes[3]).toMatchObject({
      status: 'rejected',
      errors: expect.arrayContaining([{ field: 'event_id', message: expect.any(String) }]),
    });
    expect(store.expectedPaymentFor('ord-x')).toBeUndefined();
  });
});
