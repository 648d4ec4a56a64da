import { randomUUID } from 'node:crypto';
import type { ChargeRequest } from './charge-request.ts';
import { CardStatus, type Charge, type PaymentStore } from './store.ts';

/**
 * What charging a customer can lead to. None of these is an exception:
 * - `succeeded`: the card was charged; the charge is stored.
 * - `declined`: the customer's card was declined; nothing is stored (HTTP 402).
 * - `unknown-customer`: no customer with that id (HTTP 422).
 */
export type ChargeOutcome =
  { status: 'succeeded'; charge: Charge } | { status: 'declined'; customerId: string } | { status: 'unknown-customer'; customerId: string };

export interface ChargeDeps {
  store: PaymentStore;
  newPaymentId?: () => string;
  now?: () => Date;
}

export function newPaymentId(): string {
  return `ch-${randomUUID()}`;
}

export function chargeCustomer(deps: ChargeDeps, request: ChargeRequest): ChargeOutcome {
  const customer = deps.store.findCustomer(request.customer_id);
  if (!customer) return { status: 'unknown-customer', customerId: request.customer_id };
  switch (customer.card) {
    case CardStatus.Declined:
      return { status: 'declined', customerId: customer.id };
    case CardStatus.Valid: {
      const charge: Charge = {
        payment_id: (deps.newPaymentId ?? newPaymentId)(),
        status: 'succeeded',
        amount_cents: request.amount_cents,
        currency: request.currency,
        order_id: request.order_id,
        customer_id: customer.id,
        created_at: (deps.now ?? (() => new Date()))().toISOString(),
      };
      deps.store.saveCharge(charge);
      return { status: 'succeeded', charge };
    }
    default: {
      const unreachable: never = customer.card;
      throw new Error(`unknown card status ${String(unreachable)}`);
    }
  }
}

/** The public representation of a charge (201 of POST and 200 of GET /api/v1/charges/{id}). */
export interface ChargeView {
  payment_id: string;
  status: 'succeeded';
  amount_cents: number;
  currency: string;
  order_id: string;
}

export function toChargeView(charge: Charge): ChargeView {
  return {
    payment_id: charge.payment_id,
    status: charge.status,
    amount_cents: charge.amount_cents,
    currency: charge.currency,
    order_id: charge.order_id,
  };
}
