// Keeps contracts/order-placed.schema.json and the code that builds the event in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOrderPlaced } from './order-placed-event.ts';

interface SchemaDoc {
  $schema: string;
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, { pattern?: string }>;
}

const schema = JSON.parse(readFileSync(new URL('../contracts/order-placed.schema.json', import.meta.url), 'utf8')) as SchemaDoc;

const event = buildOrderPlaced(
  { order_id: 'ord-1', customer_id: 'cust-1', amount_cents: 4999, currency: 'EUR', payment_id: 'ch-1', status: 'placed' },
  { eventId: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c', placedAt: new Date('2025-01-31T12:00:00.000Z') },
);

describe('buildOrderPlaced', () => {
  it('copies the order fields and writes placed_at as an RFC 3339 UTC timestamp', () => {
    expect(event).toEqual({
      event_id: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c',
      order_id: 'ord-1',
      customer_id: 'cust-1',
      amount_cents: 4999,
      currency: 'EUR',
      placed_at: '2025-01-31T12:00:00.000Z',
    });
  });

  it('produces exactly the properties contracts/order-placed.schema.json requires (draft 2020-12)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(event).sort()).toEqual([...schema.required].sort());
    expect(Object.keys(schema.properties).sort()).toEqual([...schema.required].sort());
  });

  it('writes a currency that matches the schema pattern', () => {
    expect(event.currency).toMatch(new RegExp(schema.properties.currency?.pattern ?? '(missing pattern)'));
  });
});
