// The payment-service's in-memory store. The seed functions (`seedCustomer`, `seedCharge`, `reset`)
// are what the Pact provider-state handlers call to put the service into a named state.
import type { OrderPlaced } from './order-placed.ts';

/** Whether a customer's card on file is accepted by the (simulated) card network. */
export const CardStatus = {
  /** Charges succeed. */
  Valid: 'valid',
  /** Every charge is declined with 402 card_declined. */
  Declined: 'declined',
} as const;
export type CardStatus = (typeof CardStatus)[keyof typeof CardStatus];

export interface Customer {
  id: string;
  card: CardStatus;
}

export interface Charge {
  payment_id: string;
  status: 'succeeded';
  amount_cents: number;
  currency: string;
  order_id: string;
  customer_id: string;
  created_at: string;
}

export class PaymentStore {
  private readonly customers = new Map<string, Customer>();
  private readonly charges = new Map<string, Charge>();
  /** OrderPlaced events received, by event_id: the payments we expect to be asked for. */
  private readonly expectedPayments = new Map<string, OrderPlaced>();

  seedCustomer(customer: Customer): void {
    this.customers.set(customer.id, { ...customer });
  }

  seedCharge(charge: Charge): void {
    this.charges.set(charge.payment_id, { ...charge });
  }

  reset(): void {
    this.customers.clear();
    this.charges.clear();
    this.expectedPayments.clear();
  }

  findCustomer(id: string): Customer | undefined {
    return this.customers.get(id);
  }

  findCharge(paymentId: string): Charge | undefined {
    return this.charges.get(paymentId);
  }

  saveCharge(charge: Charge): void {
    this.charges.set(charge.payment_id, { ...charge });
  }

  /** Records an OrderPlaced event once; returns false when this event_id was already recorded. */
  recordOrderPlaced(event: OrderPlaced): boolean {
    if (this.expectedPayments.has(event.event_id)) return false;
    this.expectedPayments.set(event.event_id, { ...event });
    return true;
  }

  expectedPaymentFor(orderId: string): OrderPlaced | undefined {
    return [...this.expectedPayments.values()].find((e) => e.order_id === orderId);
  }
}

export function createStore(): PaymentStore {
  return new PaymentStore();
}

/** Demo data for `npm start`: one customer whose card works, one whose card is declined. */
export function seedDemoData(store: PaymentStore): void {
  store.seedCustomer({ id: 'cust-1', card: CardStatus.Valid });
  store.seedCustomer({ id: 'cust-2', card: CardStatus.Declined });
}
