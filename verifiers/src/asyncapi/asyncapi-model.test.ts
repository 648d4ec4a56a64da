import { describe, expect, it } from 'vitest';
import { fixtureModel } from './asyncapi-fixtures.ts';
import { messagesOf, readAsyncApi, type AsyncApiModel } from './asyncapi-model.ts';

/** What a model says, without schemas: channel address → message ids, and operations. */
const outline = (model: AsyncApiModel) => ({
  channels: model.channels.map((c) => ({
    address: c.address,
    messages: c.messages.map((m) => `${m.id} (${m.name ?? '-'}, ${m.contentType ?? '-'})`),
  })),
  operations: model.operations.map(
    (o) => `${o.id}: ${o.action} ${model.channels.find((c) => c.id === o.channelId)?.address} [${o.messageIds.join(', ')}]`,
  ),
});

describe('readAsyncApi', () => {
  it('reads AsyncAPI 3.0 and 2.6 descriptions of the same API into the same channels, messages and operations', () => {
    const v3 = fixtureModel('orders-3.0');
    const v2 = fixtureModel('orders-2.6');
    expect(v3.major).toBe(3);
    expect(v2.major).toBe(2);
    expect(outline(v3)).toEqual(outline(v2));
    expect(outline(v3)).toMatchInlineSnapshot(`
      {
        "channels": [
          {
            "address": "orders/{region}/events",
            "messages": [
              "orderPlaced (OrderPlaced, application/json)",
              "orderCancelled (OrderCancelled, application/json)",
            ],
          },
          {
            "address": "payments/results",
            "messages": [
              "paymentFailed (PaymentFailed, application/json)",
            ],
          },
        ],
        "operations": [
          "publishOrderEvents: send orders/{region}/events [orderPlaced, orderCancelled]",
          "onPaymentFailed: receive payments/results [paymentFailed]",
        ],
      }
    `);
  });

  it('applies message traits: the Traced headers reach OrderPlaced (3.x: the message wins over its traits, 2.x: the trait wins)', () => {
    for (const name of ['orders-3.0', 'orders-2.6']) {
      const placed = messagesOf(fixtureModel(name)).find((m) => m.message.id === 'orderPlaced');
      expect(placed?.message.headers, name).toMatchObject({ properties: { correlation_id: { format: 'uuid' } } });
    }
    const trait =
      'asyncapi: 3.0.0\ninfo: {title: t, version: "1"}\nchannels:\n  c:\n    messages:\n      m:\n        contentType: text/plain\n        traits: [{contentType: application/json, name: FromTrait}]\n';
    const read = readAsyncApi([{ path: 'a.yaml', content: trait }]);
    expect(read.status === 'ok' && read.model.channels[0]?.messages[0]).toMatchObject({ contentType: 'text/plain', name: 'FromTrait' });
    const read2 = readAsyncApi([
      {
        path: 'a.yaml',
        content: trait
          .replace('3.0.0', '2.6.0')
          .replace('channels:\n  c:\n    messages:\n      m:', 'channels:\n  c:\n    subscribe:\n      message:'),
      },
    ]);
    expect(read2.status === 'ok' && read2.model.channels[0]?.messages[0]).toMatchObject({
      contentType: 'application/json',
      name: 'FromTrait',
    });
  });

  it('keeps $refs of payloads in one absolute form, `<file>#<pointer>`, including those in other files of the publication', () => {
    const placed = messagesOf(fixtureModel('orders-3.0')).find((m) => m.message.id === 'orderPlaced')!;
    expect(placed.message.payload).toEqual({ $ref: 'schemas/order.json#' });
    expect(fixtureModel('orders-3.0').files.resolve('schemas/order.json#/properties/lines/items')?.value).toEqual({
      $ref: 'schemas/order.json#/definitions/line',
    });
  });

  it('is invalid, naming the reason, for a document that is not AsyncAPI 2.x or 3.x, and for $refs leaving the publication', () => {
    expect(readAsyncApi([{ path: 'a.yaml', content: 'openapi: 3.1.0\n' }])).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('is not an AsyncAPI 2.x or 3.x document'),
    });
    expect(
      readAsyncApi([
        { path: 'a.yaml', content: 'asyncapi: 3.0.0\ncomponents:\n  schemas:\n    x: {$ref: "https://example.com/x.json"}\n' },
      ]),
    ).toMatchObject({
      status: 'invalid',
      refs: [{ file: 'a.yaml', pointer: '/components/schemas/x/$ref', ref: 'https://example.com/x.json' }],
    });
    expect(readAsyncApi([{ path: 'a.yaml', content: 'asyncapi: 3.0.0\ninfo:\n  title: a\n  title: b\n' }])).toMatchObject({
      status: 'invalid',
      syntax: [{ file: 'a.yaml', line: 4, column: 3, message: 'not valid YAML: Map keys must be unique' }],
    });
  });
});
