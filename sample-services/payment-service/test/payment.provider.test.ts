// Provider verification: does the real payment-service honour what order-service expects of it?
//
// The app (createApp) runs on an ephemeral loopback port. The Pact Verifier replays every interaction
// of order-service's pact against it, after calling the state handler named by the interaction's
// provider state. State handlers only call the store's seed functions: they put data in place, they
// never stub payment-service's own logic, so the real validation and charging code is what is verified.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createStore } from '../src/store.ts';
import { ensurePactFile } from './support/pact-files.ts';
import { pactSourceFromEnv, pactSourceOptions } from './support/pact-source.ts';
import { paymentProviderStates } from './support/provider-states.ts';

const store = createStore();
let server: Server;
let providerBaseUrl: string;

beforeAll(async () => {
  server = createApp({ store }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  providerBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** One handler per provider state in order-service's pact; the README says why each exists. */
const stateHandlers: NonNullable<VerifierOptions['stateHandlers']> = Object.fromEntries(
  Object.entries(paymentProviderStates).map(([state, seed]) => [
    state,
    async () => {
      seed(store);
      return undefined;
    },
  ]),
);

describe('payment-service honours its pacts (Pact Verifier)', () => {
  it('verifies every interaction order-service expects', async () => {
    const source = await pactSourceFromEnv(() =>
      ensurePactFile({
        fileName: 'order-service-payment-service.json',
        consumerDir: fileURLToPath(new URL('../../order-service', import.meta.url)),
        consumerTest: 'test/payment-client.pact.test.ts',
      }),
    );
    const verifier = new Verifier({
      provider: 'payment-service',
      providerBaseUrl,
      ...pactSourceOptions(source),
      // Every interaction starts from an empty store; its state handler adds only what it needs.
      beforeEach: async () => {
        store.reset();
      },
      stateHandlers,
      logLevel: 'warn',
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  });
});
