import { describe, expect, it } from 'vitest';
import { parseOrderRequest } from './order-request.ts';

const valid = { customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR' };

describe('parseOrderRequest', () => {
  it('accepts a complete order', () => {
    expect(parseOrderRequest(valid)).toEqual({ ok: true, value: valid });
  });

  it.each([
    ['customer_id is blank', { customer_id: '  ' }, 'customer_id'],
    ['amount_cents is zero', { amount_cents: 0 }, 'amount_cents'],
    ['amount_cents is fractional', { amount_cents: 1.5 }, 'amount_cents'],
    ['currency is lower-case', { currency: 'usd' }, 'currency'],
  ])('rejects the order when %s', (_case, change, field) => {
    const result = parseOrderRequest({ ...valid, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual([field]);
  });

  it('rejects a body that is not an object', () => {
    expect(parseOrderRequest([valid]).ok).toBe(false);
  });
});
