// payment-service consumes the OrderPlaced event that order-service publishes after a successful charge.
// It records the event (once per event_id) as a payment it expects to see, for reconciliation.
import { currencyCode, dateTime, isRecord, nonEmptyString, positiveInteger, type FieldError, type Parsed } from './field-validation.ts';
import type { PaymentStore } from './store.ts';

export interface OrderPlaced {
  event_id: string;
  order_id: string;
  customer_id: string;
  amount_cents: number;
  currency: string;
  placed_at: string;
}

export function parseOrderPlaced(input: unknown): Parsed<OrderPlaced> {
  if (!isRecord(input)) {
    return { ok: false, errors: [{ field: '(event)', message: 'an OrderPlaced event must be a JSON object' }] };
  }
  const errors: FieldError[] = [];
  const value: OrderPlaced = {
    event_id: nonEmptyString(input, 'event_id', errors),
    order_id: nonEmptyString(input, 'order_id', errors),
    customer_id: nonEmptyString(input, 'customer_id', errors),
    amount_cents: positiveInteger(input, 'amount_cents', errors),
    currency: currencyCode(input, 'currency', errors),
    placed_at: dateTime(input, 'placed_at', errors),
  };
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors };
}

/**
 * - `recorded`: a new, valid event; stored.
 * - `duplicate`: this event_id was already recorded (at-least-once delivery redelivered it); nothing changes.
 * - `rejected`: the event does not have the OrderPlaced shape; a queue would dead-letter it.
 */
export type OrderPlacedHandling =
  { status: 'recorded'; event: OrderPlaced } | { status: 'duplicate'; eventId: string } | { status: 'rejected'; errors: FieldError[] };

export function handleOrderPlaced(event: unknown, store: PaymentStore): OrderPlacedHandling {
  const parsed = parseOrderPlaced(event);
  if (!parsed.ok) return { status: 'rejected', errors: parsed.errors };
  return store.recordOrderPlaced(parsed.value)
    ? { status: 'recorded', event: parsed.value }
    : { status: 'duplicate', eventId: parsed.value.event_id };
}
