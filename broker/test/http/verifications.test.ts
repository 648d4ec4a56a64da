import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodePactMetadata } from '../../src/domain/pacts/pact-metadata.ts';
import { seed, type PublishedPact } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

let broker: TestBroker;
let kit: ReturnType<typeof seed>;
beforeAll(async () => {
  broker = await startTestBroker();
  kit = seed(broker.request);
});
afterAll(async () => {
  await broker?.close();
});

const enc = encodeURIComponent;
/** supertest serves each request on a new ephemeral port, so hrefs differ only by host. */
const withoutHost = (body: unknown): unknown => JSON.parse(JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, ''));
const resultsPath = (pact: PublishedPact, rest = '') =>
  `/pacts/provider/${enc(pact.provider)}/consumer/${enc(pact.consumer)}/pact-version/${pact.sha}/verification-results${rest}`;

async function publishedPact() {
  const consumer = kit.pacticipant('order-web');
  const provider = kit.pacticipant('payment-api');
  const pact = await consumer.publishPact({ version: '1.2.3', provider, branch: 'main' });
  return { consumer, provider, pact };
}

describe('POST verification results (the Pact verifier, pb:publish-verification-results)', () => {
  test('returns 201 with Location and the result, and auto-creates the provider version', async () => {
    const { pact } = await publishedPact();
    const testResults = [
      {
        interactionId: 'abc',
        interactionDescription: 'a request for the thing',
        success: false,
        mismatches: [{ attribute: 'body', identifier: '$.id', description: 'Expected 1 but got 2' }],
      },
    ];
    const verifiedBy = {
      implementation: 'Pact-Rust',
      version: '1.2.5',
      clientLanguage: { testFramework: 'vitest', name: 'pact-js', version: '13' },
    };
    const res = await broker.request
      .post(resultsPath(pact))
      .send({ success: false, providerApplicationVersion: '4.5.6', buildUrl: 'http://ci/build/1', testResults, verifiedBy });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(res.body._links.self.href);
    expect(res.headers.location).toMatch(new RegExp(`${resultsPath(pact, '/1')}$`));
    expect(res.body).toMatchObject({
      providerName: pact.provider,
      providerApplicationVersion: '4.5.6',
      success: false,
      buildUrl: 'http://ci/build/1',
      testResults,
      verifiedBy,
      verificationDate: expect.any(String),
    });
    expect(res.body._links['pb:pact-version'].href).toMatch(new RegExp(`/pact-version/${pact.sha}$`));
    const fetched = await broker.request.get(resultsPath(pact, '/1'));
    expect(withoutHost(fetched.body)).toEqual(withoutHost(res.body));
    const versions = await broker.db.rows<{ number: string }>(
      sql`SELECT v.number FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = ${pact.provider}`,
    );
    expect(versions.map((v) => v.number)).toEqual(['4.5.6']);
  });

  test('numbers results 1, 2, 3 per pact version and serves the latest', async () => {
    const { provider, pact } = await publishedPact();
    const numbers = [];
    for (const version of ['1', '2', '3']) numbers.push((await provider.verify(pact, { version, success: version !== '2' })).number);
    expect(numbers).toEqual([1, 2, 3]);
    const latest = await broker.request.get(resultsPath(pact, '/latest'));
    expect(latest.body).toMatchObject({ number: 3, providerApplicationVersion: '3', success: true });
  });

  test('records a WIP verification when posted to a pacts-for-verification URL with metadata', async () => {
    const { pact } = await publishedPact();
    const url = `/pacts/provider/${enc(pact.provider)}/consumer/${enc(pact.consumer)}/pact-version/${pact.sha}/metadata/${encodePactMetadata({ w: true })}/verification-results`;
    const res = await broker.request.post(url).send({ success: true, providerApplicationVersion: '1' });
    expect(res.status).toBe(201);
    expect(res.body.wip).toBe(true);
  });

  describe('rejects an invalid result with a field error (Pact Broker verification contract)', () => {
    test.each([
      ['no success', { providerApplicationVersion: '1' }, 'success'],
      ['success as a string', { success: 'true', providerApplicationVersion: '1' }, 'success'],
      ['a blank providerApplicationVersion', { success: true, providerApplicationVersion: ' ' }, 'providerApplicationVersion'],
      ['a buildUrl that is not a URL', { success: true, providerApplicationVersion: '1', buildUrl: 'not a url' }, 'buildUrl'],
    ])('%s', async (_name, body, field) => {
      const { pact } = await publishedPact();
      const res = await broker.request.post(resultsPath(pact)).send(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
      expect(res.body.detail).toContain(field);
    });

    test('for an unknown pact version, 404', async () => {
      const { pact } = await publishedPact();
      const res = await broker.request
        .post(resultsPath({ ...pact, sha: 'f'.repeat(64) }))
        .send({ success: true, providerApplicationVersion: '1' });
      expect(res.status).toBe(404);
    });
  });

  test('numbers stay unique under 20 concurrent verifiers, and latest_verifications keeps the highest id per provider version', async () => {
    const { pact } = await publishedPact();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        broker.request.post(resultsPath(pact)).send({ success: i % 2 === 0, providerApplicationVersion: String(i % 3) }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(responses.map((r) => r.body.number as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const latest = await broker.db.rows<{
      version: string;
      isMax: boolean;
    }>(sql`SELECT prv.number AS version, lv.verification_id = (SELECT max(v.id) FROM verifications v WHERE v.pact_version_id = lv.pact_version_id AND v.provider_version_id = lv.provider_version_id) AS "isMax"
       FROM latest_verifications lv JOIN pact_versions pv ON pv.id = lv.pact_version_id JOIN versions prv ON prv.id = lv.provider_version_id
       WHERE pv.sha = ${pact.sha} ORDER BY prv.number`);
    expect(latest).toEqual([
      { version: '0', isMax: true },
      { version: '1', isMax: true },
      { version: '2', isMax: true },
    ]);
  });
});

describe('GET latest verification results', () => {
  test('for a consumer version and for the latest pact', async () => {
    const { consumer, provider, pact } = await publishedPact();
    const newer = await consumer.publishPact({ version: '2.0.0', provider, variant: 'newer' });
    await provider.verify(pact, { version: '10', success: true });
    await provider.verify(newer, { version: '11', success: false });
    const pair = `/pacts/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}`;
    const forVersion = await broker.request.get(`${pair}/version/1.2.3/verification-results/latest`);
    expect(forVersion.body).toMatchObject({ providerApplicationVersion: '10', success: true });
    const forLatest = await broker.request.get(`${pair}/latest/verification-results/latest`);
    expect(forLatest.body).toMatchObject({ providerApplicationVersion: '11', success: false });
  });

  test('404 when the pact was never verified, or the number does not exist', async () => {
    const { consumer, provider, pact } = await publishedPact();
    const pair = `/pacts/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}`;
    expect((await broker.request.get(`${pair}/latest/verification-results/latest`)).status).toBe(404);
    expect((await broker.request.get(resultsPath(pact, '/latest'))).status).toBe(404);
    expect((await broker.request.get(resultsPath(pact, '/7'))).status).toBe(404);
    expect((await broker.request.get(resultsPath(pact, '/abc'))).status).toBe(404);
  });
});

describe('GET /verification-results/consumer/{c}/version/{v}/latest (pb:latest-verification-results-where-pacticipant-is-consumer)', () => {
  test("summarises the latest verification of each of the version's pacts, one per provider", async () => {
    const consumer = kit.pacticipant('web');
    const paying = kit.pacticipant('payments');
    const stock = kit.pacticipant('stock');
    const unverified = kit.pacticipant('mail');
    const toPaying = await consumer.publishPact({ version: '1', provider: paying });
    const toStock = await consumer.publishPact({ version: '1', provider: stock });
    await consumer.publishPact({ version: '1', provider: unverified });
    await paying.verify(toPaying, { version: 'p1', success: false });
    await paying.verify(toPaying, { version: 'p2', success: true });
    await stock.verify(toStock, { version: 's1', success: false });
    const res = await broker.request.get(`/verification-results/consumer/${consumer.name}/version/1/latest`);
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.providerSummary).toEqual({ successful: [paying.name], failed: [stock.name], unknown: [] });
    expect(
      res.body._embedded.verificationResults.map((v: { providerApplicationVersion: string }) => v.providerApplicationVersion).sort(),
    ).toEqual(['p2', 's1']);
    const version = await broker.request.get(`/pacticipants/${consumer.name}/versions/1`);
    const link = version.body._links['pb:latest-verification-results-where-pacticipant-is-consumer'].href as string;
    expect(link.endsWith(`/verification-results/consumer/${consumer.name}/version/1/latest`)).toBe(true);
    expect((await broker.request.get(`/verification-results/consumer/nobody-here/version/1/latest`)).status).toBe(404);
  });
});
