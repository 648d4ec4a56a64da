// treaty export / treaty import (issue #6: "an export/import of all contracts as JSON so a Pact Broker
// user can migrate their history in"): export Treaty A by crawling its Pact Broker HAL API, import into
// a fresh Treaty B, and B answers the matrix and can-i-deploy exactly as A does. Both brokers have a
// database of their own: export reads everything, and a migration target starts empty.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreatyExport } from '@treaty/wire';
import { seed, type Environment } from '../../broker/test/support/seed.ts';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { publishedPactText } from '../src/broker-export.ts';
import { ExitCode } from '../src/errors.ts';
import { treaty } from './support/treaty-cli.ts';

let a: TestBroker;
let b: TestBroker;
let urlA: string;
let urlB: string;
const dir = mkdtempSync(join(tmpdir(), 'treaty-export-'));

beforeAll(async () => {
  [a, b] = await Promise.all([startTestBroker({}, {}, { isolatedDatabase: true }), startTestBroker({}, {}, { isolatedDatabase: true })]);
  [urlA, urlB] = await Promise.all([a.listen(), b.listen()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

// A pact with formatting the canonical form would lose: the import must keep these bytes.
const oddlyFormattedPact = (consumer: string, provider: string) =>
  `{\n    "provider": {"name": "${provider}"},   "consumer": { "name": "${consumer}" },\n  "interactions": [ { "description": "get \\u00e9t\\u00e9", "request": {"method":"GET","path":"/summer"}, "response": {"status": 200} } ],\n  "metadata": {"pactSpecification": {"version": "2.0.0"}}\n}`;

async function seedHistory(broker: TestBroker) {
  const kit = seed(broker.request);
  const consumer = kit.pacticipant('order');
  const provider = kit.pacticipant('payment');
  const prod = await kit.environment('production', true);
  const test = await kit.environment('test');
  const v1 = await consumer.publishPact({ version: '1', provider, branch: 'main', tags: ['prod'], text: oddlyFormattedPact(consumer.name, provider.name) });
  const v2 = await consumer.publishPact({ version: '2', provider, branch: 'main', variant: 'two' });
  const v3 = await consumer.publishPact({ version: '3', provider, branch: 'feat/x', variant: 'three' });
  await consumer.publishPact({ version: '4', provider, branch: 'main', variant: 'two' }); // same content as 2
  await provider.verify(v1, { version: 'p1', success: true, branch: 'main' });
  const withBuild = await broker.request
    .post(`/pacts/provider/${provider.name}/consumer/${consumer.name}/pact-version/${v2.sha}/verification-results`)
    .send({ success: false, providerApplicationVersion: 'p1', buildUrl: 'https://ci.example.com/builds/7' });
  expect(withBuild.status).toBe(201);
  await provider.verify(v2, { version: 'p2', success: true, branch: 'main' });
  await provider.verify(v3, { version: 'p2', success: false });
  await provider.createVersion('p3', { branch: 'main', tags: ['rc'] });
  await consumer.deploy('1', prod);
  await provider.deploy('p1', prod);
  await provider.deploy('p2', test, 'blue');
  await consumer.release('2', test);
  return { consumer: consumer.name, provider: provider.name, prod, test, v1 };
}

/** What users read: can-i-deploy answers and matrix rows, reduced to the deciding fields (URLs differ between brokers). */
async function answers(broker: TestBroker, names: { consumer: string; provider: string; prod: Environment; test: Environment }) {
  const canIDeploy = async (pacticipant: string, version: string, environment: string) => {
    const res = await broker.request.get('/can-i-deploy').query({ pacticipant, version, environment });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { deployable: res.body.summary.deployable, reason: res.body.summary.reason, counts: [res.body.summary.success, res.body.summary.failed, res.body.summary.unknown] };
  };
  const matrix = await broker.request.get(`/matrix?q[][pacticipant]=${names.consumer}&q[][pacticipant]=${names.provider}&limit=1000`);
  expect(matrix.status).toBe(200);
  type Row = { consumer: { version: { number: string } }; provider: { version?: { number: string } | null }; pact: { createdAt: string }; verificationResult?: { success: boolean; verifiedAt: string } | null };
  return {
    canIDeploy: await Promise.all([
      canIDeploy(names.consumer, '1', names.prod.name), canIDeploy(names.consumer, '2', names.prod.name), canIDeploy(names.consumer, '3', names.prod.name),
      canIDeploy(names.consumer, '4', names.test.name), canIDeploy(names.provider, 'p2', names.prod.name), canIDeploy(names.provider, 'p3', names.test.name),
      canIDeploy(names.consumer, '3', names.test.name),
    ]),
    matrix: (matrix.body.matrix as Row[]).map((r) => [r.consumer.version.number, r.provider.version?.number ?? null, r.verificationResult?.success ?? null, r.verificationResult?.verifiedAt ?? null]),
  };
}

async function tableCounts(broker: TestBroker) {
  const [row] = await broker.db.sql.query(
    `SELECT (SELECT count(*)::int FROM pacticipants) AS pacticipants, (SELECT count(*)::int FROM versions) AS versions, (SELECT count(*)::int FROM tags) AS tags,
            (SELECT count(*)::int FROM branch_versions) AS "branchVersions", (SELECT count(*)::int FROM pact_versions) AS "pactVersions",
            (SELECT count(*)::int FROM pact_publications) AS publications, (SELECT count(*)::int FROM verifications) AS verifications,
            (SELECT count(*)::int FROM environments) AS environments, (SELECT count(*)::int FROM deployed_versions) AS deployments,
            (SELECT count(*)::int FROM released_versions) AS releases`,
  );
  return row;
}

describe('treaty export / treaty import', { timeout: 180_000 }, () => {
  it('moves the whole history from Treaty A to a fresh Treaty B: same matrix, same can-i-deploy answers, same pact bytes; a second import changes nothing', async () => {
    const names = await seedHistory(a);
    const file = join(dir, 'history.json');
    const exported = await treaty(['export', '--output', file, '--broker-base-url', urlA]);
    expect(exported.stderr).toMatch(/Exported 2 pacticipants, 7 versions, 4 pacts, 4 verification results, 3 deployments and 1 releases to /);
    expect(exported.code).toBe(ExitCode.Success);
    const document = JSON.parse(readFileSync(file, 'utf8')) as TreatyExport;
    expect(document.format).toBe('treaty-export/1');
    expect(document.pacticipants.find((p) => p.name === names.consumer)!.versions.map((v) => [v.number, v.branches, v.tags])).toEqual([
      ['1', ['main'], ['prod']], ['2', ['main'], []], ['3', ['feat/x'], []], ['4', ['main'], []],
    ]);

    const imported = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(ExitCode.Success);
    expect(imported.stdout).toMatch(/created 2 pacticipants, 7 versions, 4 pacts, 4 verification results, 2 environments, 3 deployments, 1 releases/);

    // Same answers, same matrix rows (versions, results, verification times), in the same order.
    const [fromA, fromB] = await Promise.all([answers(a, names), answers(b, names)]);
    expect(fromB).toEqual(fromA);
    expect(fromA.canIDeploy[0]!.deployable).toBe(true);
    expect(fromA.canIDeploy[4]!.deployable).toBeNull();
    expect(fromA.canIDeploy[6]!.deployable).toBe(false);

    // Pact bytes: what the consumer published, served identically by both.
    const pactPath = `/pacts/provider/${names.provider}/consumer/${names.consumer}/version/1`;
    const [pactA, pactB] = await Promise.all([a.request.get(pactPath).buffer(true), b.request.get(pactPath).buffer(true)]);
    expect(publishedPactText(pactB.text)).toBe(publishedPactText(pactA.text));
    // Every byte the consumer published, except whitespace before the final brace: brokers serve the pact with
    // their own keys spliced in there, so no broker API carries it (Treaty serves it the same way either way).
    expect(publishedPactText(pactB.text)).toBe(oddlyFormattedPact(names.consumer, names.provider).replace(/\s*\}$/, '}'));

    // Versions in the same order with their branches and tags; verification details kept.
    const versions = async (broker: TestBroker, p: string) =>
      ((await broker.request.get(`/pacticipants/${p}/versions`)).body._embedded.versions as Array<{ number: string; _embedded: { branchVersions: Array<{ name: string }>; tags: Array<{ name: string }> } }>).map((v) => [v.number, v._embedded.branchVersions.map((x) => x.name), v._embedded.tags.map((t) => t.name)]);
    expect(await versions(b, names.provider)).toEqual(await versions(a, names.provider));
    expect(await versions(b, names.consumer)).toEqual(await versions(a, names.consumer));
    const verification = async (broker: TestBroker) => {
      const sha = (await broker.request.get(`/pacts/provider/${names.provider}/consumer/${names.consumer}/version/2`)).body._links['pb:pact-version'].name as string;
      const body = (await broker.request.get(`/pacts/provider/${names.provider}/consumer/${names.consumer}/pact-version/${sha}/verification-results/1`)).body;
      return { success: body.success, providerApplicationVersion: body.providerApplicationVersion, buildUrl: body.buildUrl, verificationDate: body.verificationDate };
    };
    expect(await verification(b)).toEqual({ ...(await verification(a)), buildUrl: 'https://ci.example.com/builds/7', success: false });

    // Importing the same file again changes nothing.
    const before = await tableCounts(b);
    const again = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(again.code).toBe(ExitCode.Success);
    expect(again.stdout).toMatch(/created 0 pacticipants, 0 versions, 0 pacts, 0 verification results, 0 environments, 0 deployments, 0 releases; already present: 4 pacts, 4 verification results, 3 deployments, 1 releases/);
    expect(await tableCounts(b)).toEqual(before);
    expect(await answers(b, names)).toEqual(fromA);
  });

  it('refuses a file that is not a treaty export before sending anything (exit 2)', async () => {
    const file = join(dir, 'not-an-export.json');
    writeFileSync(file, JSON.stringify({ format: 'pact-broker-dump/9', pacticipants: [] }));
    const result = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(/not-an-export\.json is not a treaty export: its "format" is "pact-broker-dump\/9", expected "treaty-export\/1"/);
    writeFileSync(file, '{"format": "treaty-export/1", ');
    const broken = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(broken.code).toBe(ExitCode.BadInput);
    expect(broken.stderr).toMatch(/is not JSON/);
  });

  it('refuses a malformed export as a whole, with a problem naming the field, and writes nothing', async () => {
    const before = await tableCounts(b);
    const bad: TreatyExport = {
      format: 'treaty-export/1', exportedAt: new Date().toISOString(), environments: [], deployments: [], releases: [],
      pacticipants: [{ name: 'newcomer', versions: [{ number: '1', createdAt: '2026-01-01T00:00:00Z', branches: ['main'], tags: [] }] }, { name: 'api', versions: [] }],
      pacts: [{ consumer: 'newcomer', provider: 'api', consumerVersion: '1', createdAt: '2026-01-01T00:00:00Z', content: '{"consumer": {"name": "newcomer"}, "provider": {"name": "api"}, "interactions": []}' }],
      // Verifies with a provider version the file does not have: refused after the pacticipants and versions above were written in the transaction.
      verifications: [{ consumer: 'newcomer', provider: 'api', consumerVersion: '1', providerVersion: '404', success: true, verifiedAt: '2026-01-01T00:00:00Z' }],
    };
    const res = await b.request.post('/admin/import').set('Accept', 'application/problem+json').send(bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toBe('verifications.0.providerVersion: names version "404" of "api", which is not in that pacticipant\'s versions');
    expect(await tableCounts(b)).toEqual(before);

    const typed = await b.request.post('/admin/import').set('Accept', 'application/problem+json').send({ ...bad, pacts: [{ consumer: 'newcomer' }] });
    expect(typed.status).toBe(400);
    expect(typed.body.detail).toMatch(/pacts\.0\.provider: is required/);
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const cli = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(cli.code).toBe(ExitCode.BrokerError);
    expect(cli.stderr).toMatch(/verifications\.0\.providerVersion: names version "404" of "api"/);
    expect(await tableCounts(b)).toEqual(before);
  });
});
