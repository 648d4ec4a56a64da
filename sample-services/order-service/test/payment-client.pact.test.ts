// Consumer test: order-service → payment-service over HTTP.
//
// Each test declares one interaction (a provider state, a request, the response order-service needs),
// then runs the real PaymentClient against Pact's mock server. When the client's behaviour matches,
// Pact writes the interaction into sample-services/pacts/order-service-payment-service.json; the
// payment-service team verifies that file (test/payment.provider.test.ts over there).
//
// Matchers: the pact records an example value plus a rule. The rule says what the provider may vary;
// the example is what our client receives here. Match on type unless order-service depends on the exact
// value: pinning an exact value the client does not care about makes the contract brittle for no gain.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PaymentClient } from '../src/payment-client.ts';
import { thenLetTheMockServerRecord } from './support/mock-server.ts';
import { startPactRun, type PactRun } from './support/pact-files.ts';

const { integer, like, regex } = MatchersV3;

const PACT_FILE = 'order-service-payment-service.json';

// payment_id: order-service stores it and looks the charge up by it later, so it must be a string;
// payment-service generates `ch-<something>`. A regex documents the format without fixing a value.
const paymentId = (example: string) => regex(/^ch-[A-Za-z0-9-]+$/, example);
// ISO 4217: three upper-case letters. The example is what our client sees; any valid code satisfies the rule.
const currencyCode = (example: string) => regex(/^[A-Z]{3}$/, example);
// No matcher on Content-Type: Pact compares this header as a media type, so `application/json` is
// satisfied by Express's `application/json; charset=utf-8` (parameters we do not list are ignored).
// A regex matcher would be stricter, not looser: pact-rust's verifier reports
// `application/json; charset=utf-8` as not matching `^application/json` (pact-foundation/pact-reference#406).
const jsonContentType = { 'Content-Type': 'application/json' };

function successfulCharge(id: string) {
  return {
    payment_id: paymentId(id),
    // `status` is matched exactly (no matcher): the client only accepts "succeeded".
    status: 'succeeded',
    // integer(): must be a JSON integer; a float such as 4999.0 or a string "4999" would break us.
    amount_cents: integer(4999),
    currency: currencyCode('EUR'),
    // like(): any string; the client copies it but makes no decision on its value.
    order_id: like('ord-1'),
  };
}

describe('PaymentClient (consumer pact with payment-service)', () => {
  let run: PactRun;
  let pact: PactV4;

  beforeAll(async () => {
    run = await startPactRun();
    pact = new PactV4({ consumer: 'order-service', provider: 'payment-service', dir: run.dir, logLevel: 'warn' });
  });
  // Publish only what a fully passing run wrote (see PactRun.discard).
  let aTestFailed = false;
  beforeEach(({ onTestFailed }) => onTestFailed(() => void (aTestFailed = true)));
  afterAll(async () => {
    await (aTestFailed ? run.discard() : run.publish(PACT_FILE));
  });

  describe('charging a customer', () => {
    it('returns the charge when the card is valid (201)', async () => {
      await pact
        .addInteraction()
        .given('customer cust-1 has a valid card')
        .uponReceiving('a request to charge cust-1 for order ord-1')
        .withRequest('POST', '/api/v1/charges', (builder) => {
          builder
            .headers({ 'Content-Type': 'application/json' })
            // The request body is concrete: it is exactly what the client sends, and payment-service
            // receives these same values during verification.
            .jsonBody({ order_id: 'ord-1', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-1' });
        })
        .willRespondWith(201, (builder) => {
          builder.headers(jsonContentType).jsonBody(successfulCharge('ch-7f3a9c'));
        })
        .executeTest(
          thenLetTheMockServerRecord(async (mockServer) => {
            const client = new PaymentClient({ baseUrl: mockServer.url });
            const result = await client.charge({ order_id: 'ord-1', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-1' });
            expect(result).toEqual({
              ok: true,
              charge: { payment_id: 'ch-7f3a9c', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' },
            });
          }),
        );
    });

    it('reports a declined card as a result, not an error (402)', async () => {
      await pact
        .addInteraction()
        .given("customer cust-2's card is declined")
        .uponReceiving('a request to charge cust-2, whose card is declined')
        .withRequest('POST', '/api/v1/charges', (builder) => {
          builder
            .headers({ 'Content-Type': 'application/json' })
            .jsonBody({ order_id: 'ord-2', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-2' });
        })
        .willRespondWith(402, (builder) => {
          builder.headers(jsonContentType).jsonBody({
            // Exact: the status code already tells us "declined", and `error` is the stable code
            // order-service would branch on if payment-service ever returned other 402 reasons.
            error: 'card_declined',
            // like(): a human sentence; we pass it on to the user, whatever the wording.
            message: like('The card of customer cust-2 was declined.'),
          });
        })
        .executeTest(
          thenLetTheMockServerRecord(async (mockServer) => {
            const client = new PaymentClient({ baseUrl: mockServer.url });
            const result = await client.charge({ order_id: 'ord-2', amount_cents: 4999, currency: 'EUR', customer_id: 'cust-2' });
            expect(result).toEqual({ ok: false, reason: 'declined', message: 'The card of customer cust-2 was declined.' });
          }),
        );
    });
  });

  describe('looking a charge up', () => {
    it('returns the charge when it exists (200)', async () => {
      await pact
        .addInteraction()
        .given('charge ch-1 exists')
        .uponReceiving('a request for charge ch-1')
        .withRequest('GET', '/api/v1/charges/ch-1', (builder) => {
          builder.headers({ Accept: 'application/json' });
        })
        .willRespondWith(200, (builder) => {
          builder.headers(jsonContentType).jsonBody(successfulCharge('ch-1'));
        })
        .executeTest(
          thenLetTheMockServerRecord(async (mockServer) => {
            const charge = await new PaymentClient({ baseUrl: mockServer.url }).getCharge('ch-1').catch((e: unknown) => {
              console.error('DEBUG getCharge failed', mockServer.url, e, (e as { cause?: unknown }).cause);
              throw e;
            });
            expect(charge).toEqual({ payment_id: 'ch-1', status: 'succeeded', amount_cents: 4999, currency: 'EUR', order_id: 'ord-1' });
          }),
        );
    });

    it('returns undefined when the charge does not exist (404)', async () => {
      await pact
        .addInteraction()
        .given('no charge ch-404 exists')
        .uponReceiving('a request for charge ch-404, which does not exist')
        .withRequest('GET', '/api/v1/charges/ch-404', (builder) => {
          builder.headers({ Accept: 'application/json' });
        })
        // No body: order-service only reads the status code of a 404, so the contract leaves the
        // body free for payment-service to change.
        .willRespondWith(404)
        .executeTest(
          thenLetTheMockServerRecord(async (mockServer) => {
            const charge = await new PaymentClient({ baseUrl: mockServer.url }).getCharge('ch-404');
            expect(charge).toBeUndefined();
          }),
        );
    });
  });
});
