// Treaty verified as a provider against the official Pact Broker client's own consumer contracts
// (shared/reference/peer-pacts/): the strongest evidence that the `pact-broker` CLI works against
// Treaty unchanged. The official Rust verifier replays every interaction against a live Treaty,
// setting up each provider state through POST /_pact/provider-states (issue 2).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_STATES_PATH } from '../../src/http/routes/provider-states.ts';
import { startPlaceholderProxy } from '../support/hal-placeholder-proxy.ts';
import { runPactVerifier } from '../support/pact-verifier.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const peerPacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/peer-pacts');

let broker: TestBroker;
let baseUrl: string;

beforeAll(async () => {
  // The state endpoint empties the database on every call, so this broker gets a database of its own.
  // Some interactions expect hrefs on http://example.org exactly, the base URL the Pact Broker's own
  // harness verifies with; the verifier still reaches Treaty on loopback.
  broker = await startTestBroker({ providerStatesEndpoint: true, baseUrl: 'http://example.org' }, {}, { isolatedDatabase: true });
  baseUrl = await broker.listen();
});

afterAll(async () => {
  await broker?.close();
});

function verifierArgs(file: string, port: number): string[] {
  return [
    '--file',
    path.join(peerPacts, file),
    '--hostname',
    '127.0.0.1',
    '--port',
    String(port),
    '--state-change-url',
    `${baseUrl}${PROVIDER_STATES_PATH}`,
    '--state-change-teardown',
  ];
}

describe('Treaty verified against the Pact Broker client pacts', () => {
  it('passes every interaction of "Pact Broker Client V2 - Pact Broker" (67 interactions, the pact the Pact Broker verifies in its CI)', async () => {
    const run = await runPactVerifier(verifierArgs('Pact Broker Client V2-Pact Broker.json', Number(new URL(baseUrl).port)));
    expect(run.failures, run.failures.join('\n\n')).toEqual([]);
    expect(run.interactions).toHaveLength(67);
    expect(run.exitCode, run.output).toBe(0);
  }, 300_000);

  it('passes every interaction of "pact_broker_client - pact_broker" (64 interactions, placeholder paths mapped like the Pact Broker harness does)', async () => {
    const proxy = await startPlaceholderProxy(baseUrl);
    try {
      const run = await runPactVerifier(verifierArgs('pact_broker_client-pact_broker.json', proxy.port));
      expect(run.failures, run.failures.join('\n\n')).toEqual([]);
      expect(run.interactions).toHaveLength(64);
      expect(run.exitCode, run.output).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 300_000);
});
