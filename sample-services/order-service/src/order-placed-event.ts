// The OrderPlaced event: order-service publishes it once payment-service has charged the customer.
// Its shape is pinned twice: by payment-service's message pact (what that consumer reads) and by
// contracts/order-placed.schema.json (the whole event, for schema-based consumers).
import type { Order } from './orders.ts';

export interface OrderPlaced {
  /** Unique per event (a UUID); consumers deduplicate redeliveries with it. */
  event_id: string;
  order_id: string;
  customer_id: string;
  amount_cents: number;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
  /** RFC 3339 UTC timestamp, as Date.prototype.toISOString() writes it. */
  placed_at: string;
}

export function buildOrderPlaced(order: Order, meta: { eventId: string; placedAt: Date }): OrderPlaced {
  return {
    event_id: meta.eventId,
    order_id: order.order_id,
    customer_id: order.customer_id,
    amount_cents: order.amount_cents,
    currency: order.currency,
    placed_at: meta.placedAt.toISOString(),
  };
}
