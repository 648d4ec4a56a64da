// Validation of `POST /orders` bodies.

export interface OrderRequest {
  customer_id: string;
  amount_cents: number;
  currency: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedOrderRequest = { ok: true; value: OrderRequest } | { ok: false; errors: FieldError[] };

export function parseOrderRequest(body: unknown): ParsedOrderRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'the request body must be a JSON object' }] };
  }
  const input = body as Record<string, unknown>;
  const customerId = typeof input.customer_id === 'string' && input.customer_id.trim() !== '' ? input.customer_id : undefined;
  const amount =
    typeof input.amount_cents === 'number' && Number.isSafeInteger(input.amount_cents) && input.amount_cents > 0
      ? input.amount_cents
      : undefined;
  const currency = typeof input.currency === 'string' && /^[A-Z]{3}$/.test(input.currency) ? input.currency : undefined;

  const errors: FieldError[] = [];
  if (customerId === undefined) errors.push({ field: 'customer_id', message: 'customer_id must be a non-empty string' });
  if (amount === undefined) {
    errors.push({ field: 'amount_cents', message: 'amount_cents must be a positive integer (an amount in the smallest currency unit)' });
  }
  if (currency === undefined) {
    errors.push({ field: 'currency', message: 'currency must be an ISO 4217 code of three upper-case letters, e.g. "EUR"' });
  }
  if (customerId === undefined || amount === undefined || currency === undefined) return { ok: false, errors };
  return { ok: true, value: { customer_id: customerId, amount_cents: amount, currency } };
}
