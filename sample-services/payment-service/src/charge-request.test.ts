import { describe, expect, it } from 'vitest';
import { parseChargeRequest } from './charge-request.ts';

const valid = { order_id: 'ord-1', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-1' };

describe('parseChargeRequest', () => {
  it('accepts a complete request', () => {
    expect(parseChargeRequest(valid)).toEqual({ ok: true, value: valid });
  });

  it.each([
    ['amount_cents is zero', { amount_cents: 0 }, 'amount_cents'],
    ['amount_cents is negative', { amount_cents: -5 }, 'amount_cents'],
    ['amount_cents is fractional', { amount_cents: 49.99 }, 'amount_cents'],
    ['amount_cents is a string', { amount_cents: '4999' }, 'amount_cents'],
    ['currency is lower-case', { currency: 'eur' }, 'currency'],
    ['currency is not three letters', { currency: 'EURO' }, 'currency'],
    ['order_id is empty', { order_id: '' }, 'order_id'],
    ['customer_id is missing', { customer_id: undefined }, 'customer_id'],
  ])('rejects the request when %s', (_case, change, field) => {
    const result = parseChargeRequest({ ...valid, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual([field]);
  });

  it('reports every invalid field at once', () => {
    const result = parseChargeRequest({ amount_cents: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.field)).toEqual(['order_id', 'amount_cents', 'currency', 'customer_id']);
    }
  });

  it.each([[null], [[]], ['text'], [undefined]])('rejects a body that is not a JSON object (%j)', (body) => {
    expect(parseChargeRequest(body)).toEqual({
      ok: false,
      errors: [{ field: '(body)', message: 'the request body must be a JSON object' }],
    });
  });
});
