// Consumer test of an asynchronous message: payment-service consumes order-service's OrderPlaced event.
//
// Here payment-service is the CONSUMER and order-service the PROVIDER (the producer of the message).
// Pact does not need a queue: it hands the example message to our real handler, handleOrderPlaced,
// and records the message's shape in sample-services/pacts/payment-service-order-service.json.
// order-service verifies that its real code produces such a message
// (order-service/test/order-placed.message.provider.test.ts).
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleOrderPlaced, type OrderPlaced } from '../src/order-placed.ts';
import { createStore } from '../src/store.ts';
import { startPactRun, type PactRun } from './support/pact-files.ts';

const { datetime, integer, like, regex } = MatchersV3;

const PACT_FILE = 'payment-service-order-service.json';

describe('handleOrderPlaced (message consumer pact with order-service)', () => {
  let run: PactRun;
  let pact: PactV4;

  beforeAll(async () => {
    run = await startPactRun();
    pact = new PactV4({ consumer: 'payment-service', provider: 'order-service', dir: run.dir, logLevel: 'warn' });
  });
  // Publish only what a fully passing run wrote (see PactRun.discard).
  let aTestFailed = false;
  beforeEach(({ onTestFailed }) => onTestFailed(() => void (aTestFailed = true)));
  afterAll(async () => {
    await (aTestFailed ? run.discard() : run.publish(PACT_FILE));
  });

  it('records an OrderPlaced event as a payment to expect', async () => {
    await pact
      .addAsynchronousInteraction()
      // No provider state: order-service builds the event from the order it has just placed, so there
      // is nothing to set up beforehand. The description is the key order-service's messageProviders use.
      .expectsToReceive('an OrderPlaced event', (builder) => {
        builder
          .withJSONContent({
            // like(): any string. payment-service only uses event_id as a deduplication key, so it does
            // not pin the UUID format (the JSON Schema in order-service/contracts documents that).
            event_id: like('6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c'),
            order_id: like('ord-1'),
            customer_id: like('cust-1'),
            // integer(): cents are whole numbers; 49.99 or "4999" would be rejected by the handler.
            amount_cents: integer(4999),
            // regex(): ISO 4217 code, as the handler validates it.
            currency: regex(/^[A-Z]{3}$/, 'EUR'),
            // datetime(): an ISO 8601 / RFC 3339 timestamp in UTC with milliseconds, the format
            // Date.prototype.toISOString() writes (the pattern is Java DateTimeFormatter syntax).
            placed_at: datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2025-01-31T12:00:00.000Z'),
          })
          .withMetadata({ contentType: 'application/json' });
      })
      .executeTest(async (message) => {
        const store = createStore();
        const result = handleOrderPlaced(message.contents.content, store);
        expect(result.status).toBe('recorded');
        const expected: OrderPlaced = {
          event_id: '6f1c2a9e-0d7b-4b8e-9c55-0a4f3e2d1b7c',
          order_id: 'ord-1',
          customer_id: 'cust-1',
          amount_cents: 4999,
          currency: 'EUR',
          placed_at: '2025-01-31T12:00:00.000Z',
        };
        expect(store.expectedPaymentFor('ord-1')).toEqual(expected);
      });
  });
});
