import { describe, expect, it } from 'vitest';
import { fixtureModel } from './asyncapi-fixtures.ts';
import { compareAsyncApi, type AsyncApiCompatibility } from './compare-asyncapi.ts';

const rules = (result: AsyncApiCompatibility): string[] =>
  result.status === 'incompatible' ? result.breakingChanges.map((c) => `${c.rule} ${c.side} ${c.pointer}`) : [result.status];

describe.each(['orders-3.0', 'orders-2.6'])('compareAsyncApi, %s', (fixture) => {
  const previous = fixtureModel(fixture);
  const edited = (from: string, to: string) =>
    fixtureModel(fixture, (t) => {
      if (!t.includes(from)) throw new Error(`${fixture} has no ${JSON.stringify(from)}`);
      return t.replace(from, to);
    });

  it('finds nothing between a document and itself, nor for an optional field added to a sent message', () => {
    expect(compareAsyncApi(previous, previous)).toEqual({ status: 'compatible' });
    const added = edited('          cancellation:\n', '          note: { type: string }\n          cancellation:\n');
    expect(compareAsyncApi(previous, added)).toEqual({ status: 'compatible' });
  });

  it('reports a renamed required payload field of a sent message as breaking for its consumers (old readers of new messages)', () => {
    const renamed = edited('order_id: { type: string }\n          cancellation:', 'orderId: { type: string }\n          cancellation:');
    const result = compareAsyncApi(previous, renamed);
    expect(rules(result)).toEqual([
      expect.stringMatching(
        /^REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL previous \/components\/messages\/OrderCancelled\/payload\/properties\/order_id$/,
      ),
    ]);
    expect(result.status === 'incompatible' && result.breakingChanges[0]?.message).toMatch(
      /^Message orderCancelled on channel orders\/\{region\}\/events payload \(as read by consumers of the previous version\): /,
    );
  });

  it('judges a received message the other way round: the provider must still read what old senders send', () => {
    // PaymentFailed is received: making `reason` required breaks senders that leave it out (BACKWARD for received messages);
    // even an optional field added to its open payload does (Confluent STRICT: an old sender may have sent that name with any value)
    const stricter = edited(
      '            reason: { type: string }\n',
      '            reason: { type: string }\n          required: [reason]\n',
    );
    expect(rules(compareAsyncApi(previous, stricter))).toEqual([expect.stringMatching(/^REQUIRED_ATTRIBUTE_ADDED current /)]);
    const optional = edited(
      '            reason: { type: string }\n',
      '            reason: { type: string }\n            retry_at: { type: string }\n',
    );
    expect(rules(compareAsyncApi(previous, optional))).toEqual([
      expect.stringMatching(/^OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL current /),
    ]);
    // under FORWARD the roles swap: the same change is fine
    expect(compareAsyncApi(previous, stricter, { mode: 'FORWARD' })).toEqual({ status: 'compatible' });
    expect(compareAsyncApi(previous, stricter, { mode: 'NONE' })).toEqual({ status: 'compatible' });
  });

  it('reports a header change by the JSON Schema rules (a header type narrowed)', () => {
    const result = compareAsyncApi(
      previous,
      edited('          schema_version:\n            type: integer', '          schema_version:\n            type: string'),
    );
    // the trait is shared by both sent messages: each reports it
    expect(rules(result)).toEqual([
      'TYPE_CHANGED previous /components/messages/OrderPlaced/headers/properties/schema_version/type',
      'TYPE_CHANGED previous /components/messages/OrderCancelled/headers/properties/schema_version/type',
    ]);
  });

  it('reports a removed channel, a removed message and a removed operation', () => {
    const noPayments = fixtureModel(fixture, (t) =>
      fixture === 'orders-3.0'
        ? t.replace(/ {2}paymentResults:[\s\S]*?(?=operations:)/, '').replace(/ {2}onPaymentFailed:[\s\S]*?(?=components:)/, '')
        : t.replace(/ {2}payments\/results:[\s\S]*?(?=components:)/, ''),
    );
    expect(rules(compareAsyncApi(previous, noPayments)).map((r) => r.split(' ')[0])).toEqual(['CHANNEL_REMOVED', 'OPERATION_REMOVED']);
    const noCancel =
      fixture === 'orders-3.0'
        ? edited("      orderCancelled:\n        $ref: '#/components/messages/OrderCancelled'\n", '').channels
        : edited("          - $ref: '#/components/messages/OrderCancelled'\n", '').channels;
    expect(noCancel[0]?.messages.map((m) => m.id)).toEqual(['orderPlaced']);
  });

  it('reports a content type change of a message', () => {
    const result = compareAsyncApi(
      previous,
      edited('      name: OrderPlaced\n', '      name: OrderPlaced\n      contentType: application/avro\n'),
    );
    expect(rules(result)).toEqual([
      expect.stringMatching(/^MESSAGE_CONTENT_TYPE_CHANGED current \/components\/messages\/OrderPlaced\/contentType$/),
    ]);
  });
});

describe('compareAsyncApi across versions and kinds of change', () => {
  it('compares a 2.6 document with its 3.0 rewrite as the same API', () => {
    expect(compareAsyncApi(fixtureModel('orders-2.6'), fixtureModel('orders-3.0'))).toEqual({ status: 'compatible' });
  });

  it('reports a removed message, an operation that changed action and one that no longer carries a message (3.0)', () => {
    const changed = fixtureModel('orders-3.0', (t) =>
      t
        .replace("      orderCancelled:\n        $ref: '#/components/messages/OrderCancelled'\n", '')
        .replace("      - $ref: '#/channels/orderEvents/messages/orderCancelled'\n", '')
        .replace('    action: receive', '    action: send'),
    );
    expect(rules(compareAsyncApi(fixtureModel('orders-3.0'), changed))).toEqual([
      'MESSAGE_REMOVED previous /components/messages/OrderCancelled',
      'OPERATION_ACTION_CHANGED current /operations/onPaymentFailed/action',
    ]);
    const narrower = fixtureModel('orders-3.0', (t) => t.replace("      - $ref: '#/channels/orderEvents/messages/orderCancelled'\n", ''));
    expect(rules(compareAsyncApi(fixtureModel('orders-3.0'), narrower))).toEqual([
      'OPERATION_MESSAGE_REMOVED current /operations/publishOrderEvents',
    ]);
  });

  it('follows $refs into other files of the publication, and reports integer → number on a sent message (old readers expect integers)', () => {
    const before = fixtureModel('orders-3.0');
    const files = before.files.all();
    const order = files['schemas/order.json'] as { properties: Record<string, unknown> };
    expect(order.properties['amount_cents']).toEqual({ type: 'integer', minimum: 1 });
    // a second publication whose schema file says number: old consumers parse integers
    const after = fixtureModel('orders-3.0', (t) =>
      t
        .replace("$ref: 'schemas/order.json'", "$ref: '#/components/schemas/Order'")
        .replace(
          '  schemas:\n',
          '  schemas:\n    Order:\n      type: object\n      required: [order_id, amount_cents, currency, lines]\n      properties:\n        order_id: { type: string, minLength: 1 }\n        amount_cents: { type: number, minimum: 1 }\n        currency: { type: string, pattern: "^[A-Z]{3}$" }\n        lines: { type: array, minItems: 1, items: { $ref: "schemas/order.json#/definitions/line" } }\n',
        ),
    );
    const result = compareAsyncApi(before, after);
    // reported where the previous version declared the field: in the file its payload $refs
    expect(result.status === 'incompatible' && result.breakingChanges.map((c) => `${c.rule} ${c.side} ${c.file}#${c.pointer}`)).toEqual([
      'TYPE_NARROWED previous schemas/order.json#/properties/amount_cents/type',
    ]);
  });
});
