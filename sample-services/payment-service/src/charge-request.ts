import { currencyCode, isRecord, nonEmptyString, positiveInteger, type FieldError, type Parsed } from './field-validation.ts';

/** The body of `POST /api/v1/charges`. */
export interface ChargeRequest {
  order_id: string;
  amount_cents: number;
  currency: string;
  customer_id: string;
}

export function parseChargeRequest(body: unknown): Parsed<ChargeRequest> {
  if (!isRecord(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'the request body must be a JSON object' }] };
  }
  const errors: FieldError[] = [];
  const value: ChargeRequest = {
    order_id: nonEmptyString(body, 'order_id', errors),
    amount_cents: positiveInteger(body, 'amount_cents', errors),
    currency: currencyCode(body, 'currency', errors),
    customer_id: nonEmptyString(body, 'customer_id', errors),
  };
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors };
}
