// Placing an order: charge the customer through payment-service, then publish OrderPlaced.
import { randomUUID } from 'node:crypto';
import type { EventPublisher } from './event-publisher.ts';
import { buildOrderPlaced, type OrderPlaced } from './order-placed-event.ts';
import type { OrderRequest } from './order-request.ts';
import type { Charge, PaymentGateway } from './payment-client.ts';

export interface Order {
  order_id: string;
  customer_id: string;
  amount_cents: number;
  currency: string;
  payment_id: string;
  status: 'placed';
}

/**
 * - `placed`: the customer was charged, the order is stored and OrderPlaced was published.
 * - `payment-declined`: payment-service declined the card; no order is stored and no event is published.
 * Failures to reach payment-service are not outcomes: PaymentServiceError propagates.
 */
export type PlaceOrderOutcome =
  { status: 'placed'; order: Order; event: OrderPlaced } | { status: 'payment-declined'; orderId: string; message: string };

/** - `found`; `no-order`: order-service knows no such order; `no-charge`: payment-service lost the charge. */
export type OrderPaymentLookup = { status: 'found'; charge: Charge } | { status: 'no-order' } | { status: 'no-charge'; paymentId: string };

export interface OrderServiceDeps {
  payments: PaymentGateway;
  publisher: EventPublisher;
  newOrderId?: () => string;
  newEventId?: () => string;
  now?: () => Date;
}

export class OrderService {
  private readonly orders = new Map<string, Order>();

  constructor(private readonly deps: OrderServiceDeps) {}

  async placeOrder(request: OrderRequest): Promise<PlaceOrderOutcome> {
    const orderId = (this.deps.newOrderId ?? (() => `ord-${randomUUID()}`))();
    const result = await this.deps.payments.charge({ order_id: orderId, ...request });
    if (!result.ok) return { status: 'payment-declined', orderId, message: result.message };

    const order: Order = { order_id: orderId, ...request, payment_id: result.charge.payment_id, status: 'placed' };
    this.orders.set(orderId, order);
    // In production this would go through an outbox in the same transaction as the order row.
    const event = buildOrderPlaced(order, {
      eventId: (this.deps.newEventId ?? randomUUID)(),
      placedAt: (this.deps.now ?? (() => new Date()))(),
    });
    await this.deps.publisher.publish(event);
    return { status: 'placed', order, event };
  }

  findOrder(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }

  async paymentFor(orderId: string): Promise<OrderPaymentLookup> {
    const order = this.orders.get(orderId);
    if (!order) return { status: 'no-order' };
    const charge = await this.deps.payments.getCharge(order.payment_id);
    return charge ? { status: 'found', charge } : { status: 'no-charge', paymentId: order.payment_id };
  }
}
