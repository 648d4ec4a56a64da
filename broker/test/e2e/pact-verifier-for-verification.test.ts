// The official Rust `pact-verifier` (the engine behind pact-js's Verifier) fetching pacts for
// verification from a live Treaty, verifying a real provider on loopback and publishing the results
// (PB API §5: GET / → GET for-verification → POST its self link → GET each pact → PUT the provider
// branch version → POST verification results to the pact's metadata URL).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPactVerifier } from '../support/pact-verifier.ts';
import { seed, type PacticipantHandle, type PublishedPact } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

let broker: TestBroker;
let baseUrl: string;
let providerServer: Server;
let providerPort: number;

/** A tiny provider that satisfies pactDocument()'s one interaction: GET /things/1. */
function startProvider(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/things/1') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: 1, variant: 'default' }));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
  providerServer = await startProvider();
  providerPort = (providerServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => providerServer?.close(resolve));
  await broker?.close();
});

function verify(provider: PacticipantHandle, version: string, ...extra: string[]) {
  return runPactVerifier([
    '--broker-url',
    baseUrl,
    '--provider-name',
    provider.name,
    '--provider-version',
    version,
    '--provider-branch',
    'main',
    '--publish',
    '--consumer-version-selectors',
    '{"mainBranch":true}',
    '--enable-pending',
    '--hostname',
    '127.0.0.1',
    '--port',
    String(providerPort),
    ...extra,
  ]);
}

describe('pact-verifier (Rust) with pacts for verification from Treaty', () => {
  let consumer: PacticipantHandle;
  let provider: PacticipantHandle;
  let pact: PublishedPact;

  beforeAll(async () => {
    const kit = seed(broker.request);
    consumer = kit.pacticipant('order-service');
    provider = kit.pacticipant('payment-service');
    const patched = await broker.request
      .patch(`/pacticipants/${consumer.name}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ mainBranch: 'main' });
    expect([200, 201]).toContain(patched.status);
    pact = await consumer.publishPact({ version: '1.0.0', provider, branch: 'main' });
  });

  it('verifies the main-branch pact, publishes a successful result and records the provider branch', async () => {
    const run = await verify(provider, '1');
    expect(run.exitCode, run.output).toBe(0);
    expect(run.interactions.length, run.output).toBeGreaterThan(0);
    expect(run.failures, run.output).toEqual([]);
    // The verifier printed Treaty's notices: why the pact was selected, and that it was pending.
    expect(run.output).toContain('latest version from the main branch');
    expect(run.output).toMatch(/pending/i);

    const latest = await broker.request.get(
      `/pacts/provider/${provider.name}/consumer/${consumer.name}/pact-version/${pact.sha}/verification-results/latest`,
    );
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ success: true, providerApplicationVersion: '1' });
    // Published through the metadata URL, so Treaty recorded that the pact was pending.
    const rows = await broker.db.rows<{ pending: boolean | null; wip: boolean }>(
      sql`SELECT v.pending, v.wip FROM verifications v JOIN pact_versions pv ON pv.id = v.pact_version_id WHERE pv.sha = ${pact.sha}`,
    );
    expect(rows).toEqual([{ pending: true, wip: false }]);

    const branchVersion = await broker.request.get(`/pacticipants/${provider.name}/branches/main/versions/1`);
    expect(branchVersion.status).toBe(200);

    const matrix = await broker.request
      .get(`/matrix?latestby=cvpv&q[][pacticipant]=${consumer.name}&q[][version]=1.0.0&q[][pacticipant]=${provider.name}&q[][version]=1`)
      .set('Accept', 'application/hal+json, application/json');
    expect(matrix.status).toBe(200);
    expect(matrix.body.summary.deployable).toBe(true);
  });

  it('no longer reports the pact as pending for main once main has verified it', async () => {
    const res = await broker.request
      .post(`/pacts/provider/${provider.name}/for-verification`)
      .send({ consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includePendingStatus: true });
    expect(res.status).toBe(200);
    expect(res.body._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });
});
