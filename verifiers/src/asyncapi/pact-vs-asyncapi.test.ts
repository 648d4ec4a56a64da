import { describe, expect, it } from 'vitest';
import { fixtureModel } from './asyncapi-fixtures.ts';
import { comparePactWithAsyncApi, type AsyncApiFinding } from './pact-vs-asyncapi.ts';

interface Message {
  description: string;
  contents?: unknown;
  metadata?: Record<string, unknown>;
}

/** A Pact V4 file as pact-js writes it: Asynchronous/Messages with wrapped contents. */
const v4 = (...messages: Message[]) => ({
  consumer: { name: 'billing' },
  provider: { name: 'orders' },
  metadata: { pactSpecification: { version: '4.0' } },
  interactions: messages.map((m) => ({
    type: 'Asynchronous/Messages',
    description: m.description,
    contents: { content: m.contents, contentType: 'application/json', encoded: false },
    metadata: m.metadata ?? { contentType: 'application/json' },
    pending: false,
  })),
});

/** A Pact V3 message pact: `messages` with bare contents. */
const v3 = (...messages: Message[]) => ({
  consumer: { name: 'billing' },
  provider: { name: 'orders' },
  metadata: { pactSpecification: { version: '3.0.0' } },
  messages: messages.map((m) => ({ description: m.description, contents: m.contents, metadata: m.metadata ?? {} })),
});

const placed = { order_id: 'o-1', amount_cents: 4999, currency: 'EUR', lines: [{ sku: 'book', quantity: 1 }] };
const cancelled = { kind: 'OrderCancelled', order_id: 'o-1', cancellation: { by: 'fraud-check', score: 0.93 } };
const headers = { contentType: 'application/json', correlation_id: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c' };

/** `code interaction location` of each finding, for compact assertions. */
const summary = (findings: readonly AsyncApiFinding[]) => findings.map((f) => `${f.severity} ${f.code} ${f.location}`);

describe.each(['orders-3.0', 'orders-2.6'])('comparePactWithAsyncApi against %s', (fixture) => {
  const model = fixtureModel(fixture);

  it('passes messages that fit: V4 and V3 pacts, $ref-ed payloads (also in another file), oneOf payloads, declared headers', () => {
    const messages = [
      { description: 'an OrderPlaced event', contents: placed, metadata: headers },
      { description: 'order cancelled', contents: cancelled, metadata: { ...headers, schema_version: 2 } },
    ];
    expect(comparePactWithAsyncApi(v4(...messages), model)).toEqual({ status: 'compatible', findings: [] });
    expect(comparePactWithAsyncApi(v3(...messages), model)).toEqual({ status: 'compatible', findings: [] });
  });

  it('fails contents the payload schema does not allow, naming the interaction, the pact location and the schema path', () => {
    const renamed = { ...placed, amount: 4999 } as Record<string, unknown>;
    delete renamed['amount_cents'];
    const result = comparePactWithAsyncApi(
      v4({ description: 'an OrderPlaced event', contents: { ...renamed, lines: [{ sku: 'book', quantity: '1' }] } }),
      model,
    );
    expect(result.status).toBe('incompatible');
    expect(result.findings.map((f) => [f.code, f.interaction, f.location, f.specLocation, f.message])).toEqual([
      [
        'message.payload.incompatible',
        'an OrderPlaced event',
        '[root].interactions[0].contents',
        fixture === 'orders-3.0'
          ? 'asyncapi.yaml#/components/messages/OrderPlaced/payload'
          : 'asyncapi.yaml#/components/messages/OrderPlaced/payload',
        'Contents are incompatible with the payload schema of message orderPlaced: (root) must NOT have additional properties ("amount")',
      ],
      [
        'message.payload.incompatible',
        'an OrderPlaced event',
        '[root].interactions[0].contents.lines[0].quantity',
        'asyncapi.yaml#/components/messages/OrderPlaced/payload',
        'Contents are incompatible with the payload schema of message orderPlaced: /lines/0/quantity must be integer',
      ],
    ]);
  });

  it('lets a consumer rely on a subset of a message (required fields may be left out), and checks oneOf branches', () => {
    expect(comparePactWithAsyncApi(v4({ description: 'OrderPlaced', contents: { order_id: 'o-1' } }), model).status).toBe('compatible');
    const wrongBranch = { ...cancelled, cancellation: { by: 'fraud-check', comment: 'no score' } };
    expect(summary(comparePactWithAsyncApi(v4({ description: 'OrderCancelled', contents: wrongBranch }), model).findings)).toContain(
      'error message.payload.incompatible [root].interactions[0].contents.cancellation',
    );
  });

  describe('matching an interaction to a message', () => {
    const check = (m: Message) => comparePactWithAsyncApi(v4(m), model);

    it('uses explicit metadata first: messageId, channel (id or address) and operationId', () => {
      for (const metadata of [
        { messageId: 'orderCancelled' },
        { channel: 'orders/{region}/events', messageId: 'OrderCancelled' },
        { operationId: 'publishOrderEvents', messageId: 'orderCancelled' },
      ]) {
        // the description names the other message: metadata wins
        expect(check({ description: 'an OrderPlaced event', contents: cancelled, metadata }), JSON.stringify(metadata)).toEqual({
          status: 'compatible',
          findings: [],
        });
      }
    });

    it('reports metadata that names no channel, operation or message', () => {
      expect(summary(check({ description: 'x', contents: placed, metadata: { channel: 'orders/archive' } }).findings)).toEqual([
        'error message.channel.unknown [root].interactions[0].metadata',
      ]);
      expect(check({ description: 'x', contents: placed, metadata: { operationId: 'sendInvoices' } }).findings[0]?.message).toMatch(
        /^The pact metadata names operation "sendInvoices"; the document has "publishOrderEvents", "onPaymentFailed"\.$/,
      );
      expect(
        check({ description: 'x', contents: placed, metadata: { channel: 'payments/results', messageId: 'orderPlaced' } }).findings[0],
      ).toMatchObject({
        code: 'message.id.unknown',
        message: 'The pact metadata names message "orderPlaced"; there has "paymentFailed".',
      });
    });

    it('then the description: equal to a message id, name or title (any case), or naming one as a word', () => {
      for (const description of ['orderCancelled', 'ORDERCANCELLED', 'Order cancelled', 'an OrderCancelled event']) {
        expect(check({ description, contents: cancelled }).status, description).toBe('compatible');
      }
    });

    it("then the payload's discriminator (AsyncAPI: the property that names the message)", () => {
      expect(check({ description: 'a cancellation', contents: cancelled })).toEqual({ status: 'compatible', findings: [] });
    });

    it('reports an interaction no rule matches, listing the messages and how to name one', () => {
      const result = check({ description: 'an invoice', contents: { invoice_id: 'i-1' } });
      expect(result.status).toBe('incompatible');
      expect(result.findings).toHaveLength(1);
      expect(result.findings[0]).toMatchObject({ code: 'message.unmatched', severity: 'error' });
      expect(result.findings[0]?.message).toContain(
        'Messages: OrderPlaced on channel orders/{region}/events; OrderCancelled on channel orders/{region}/events; PaymentFailed on channel payments/results.',
      );
    });

    it('reports an interaction that fits several different messages equally as ambiguous', () => {
      const result = check({ description: 'OrderPlaced or OrderCancelled', contents: placed });
      expect(summary(result.findings)).toEqual(['error message.ambiguous [root].interactions[0].description']);
      expect(result.findings[0]?.message).toMatch(
        /matches several messages \(description mentions its id, name or title\): orderPlaced on channel orders\/\{region\}\/events; orderCancelled/,
      );
    });

    it('reports a message the provider only receives', () => {
      const result = check({ description: 'PaymentFailed', contents: { order_id: 'o-1', reason: 'card declined' } });
      // 3.x says so unambiguously (action: receive); 2.x `publish` is often used the other way round, so it only warns
      expect(summary(result.findings)).toEqual([
        `${fixture === 'orders-3.0' ? 'error' : 'warning'} message.direction.receive-only [root].interactions[0]`,
      ]);
      expect(result.status).toBe(fixture === 'orders-3.0' ? 'incompatible' : 'compatible');
    });
  });

  it('checks metadata against the message headers: unknown keys, values that do not fit, the content type', () => {
    const result = comparePactWithAsyncApi(
      v4({
        description: 'OrderPlaced',
        contents: placed,
        metadata: { contentType: 'application/cloudevents+json', correlation_id: 'not-a-uuid', kafka_topic: 'orders' },
      }),
      model,
    );
    expect(summary(result.findings)).toEqual([
      'error message.content-type.incompatible [root].interactions[0].metadata.contentType',
      'error message.header.incompatible [root].interactions[0].metadata.correlation_id',
      'error message.header.unknown [root].interactions[0].metadata.kafka_topic',
    ]);
    expect(result.findings[2]?.message).toBe(
      'The pact expects metadata "kafka_topic", which the headers of message orderPlaced do not declare.',
    );
  });

  it('says it could not decide (unknown, not compatible) for a pact without asynchronous messages', () => {
    expect(comparePactWithAsyncApi({ interactions: [{ type: 'Synchronous/HTTP', request: {}, response: {} }] }, model)).toEqual({
      status: 'unknown',
      findings: [],
      reasons: ['the pact has no asynchronous messages to check against the AsyncAPI document'],
    });
  });
});

describe('comparePactWithAsyncApi, document variations', () => {
  it('warns (does not check) a payload whose schema format is not JSON Schema, e.g. Avro', () => {
    const model = fixtureModel('orders-3.0', (t) =>
      t.replace(
        "      payload:\n        $ref: 'schemas/order.json'",
        '      payload:\n        schemaFormat: application/vnd.apache.avro;version=1.9.0\n        schema: {type: record, name: Order, fields: []}',
      ),
    );
    expect(comparePactWithAsyncApi(v4({ description: 'OrderPlaced', contents: placed, metadata: headers }), model)).toMatchObject({
      status: 'compatible',
      findings: [
        {
          code: 'message.payload.unvalidatable',
          severity: 'warning',
          message: 'The contents are not checked: its schema format is application/vnd.apache.avro;version=1.9.0, not JSON.',
        },
      ],
    });
  });

  it('warns when the message used on two channels is not told apart by the pact, and checks it once', () => {
    const model = fixtureModel('orders-3.0', (t) =>
      t
        .replace(
          '  paymentResults:\n',
          "  orderArchive:\n    address: orders/archive\n    messages:\n      orderPlaced:\n        $ref: '#/components/messages/OrderPlaced'\n  paymentResults:\n",
        )
        .replace('operations:\n', "operations:\n  archiveOrders:\n    action: send\n    channel:\n      $ref: '#/channels/orderArchive'\n"),
    );
    const result = comparePactWithAsyncApi(v4({ description: 'OrderPlaced', contents: placed, metadata: headers }), model);
    expect(summary(result.findings)).toEqual(['warning message.channel.ambiguous [root].interactions[0].metadata']);
    expect(result.status).toBe('compatible');
  });
});
