// Two broker processes (replicas behind a load balancer) on one PostgreSQL database: what is
// written through one is read identically through the other, and record-deployment through both
// at once to the same slot leaves exactly one current deployment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { contract } from '../support/pact-fixtures.ts';
import { count, createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { sql } from '../../src/store/sql.ts';

let scratch: ScratchPostgres;
let a: BrokerProcess;
let b: BrokerProcess;

beforeAll(async () => {
  scratch = await createScratchPostgres();
  [a, b] = await Promise.all([
    startBrokerProcess({ DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' }),
    startBrokerProcess({ DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop('SIGTERM'), b?.stop('SIGTERM')]);
  await scratch?.drop();
});

/** The parts of the broker's JSON answers these tests look at. */
interface Answer {
  uuid?: string;
  _links?: Record<string, { href: string }>;
  _embedded?: { deployedVersions?: Array<{ uuid: string; applicationInstance: string | null }> };
  matrix?: unknown[];
  summary?: { deployable?: boolean | null };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Answer | undefined }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { accept: 'application/hal+json, application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer) : undefined };
}

/** A GET through both replicas, with each one's own base URL taken out of the bodies. */
async function getThroughBoth(path: string) {
  const [fromA, fromB] = await Promise.all([call(a.url, 'GET', path), call(b.url, 'GET', path)]);
  const normalise = (r: { status: number; body: Answer | undefined }, base: string) => ({
    status: r.status,
    body: JSON.parse(JSON.stringify(r.body ?? {}).replaceAll(base, 'BASE')) as Answer,
  });
  return { a: normalise(fromA, a.url), b: normalise(fromB, b.url) };
}

describe('two broker replicas on one PostgreSQL database', () => {
  const consumer = uniqueName('consumer');
  const provider = uniqueName('provider');
  const envName = uniqueName('production');
  let envUuid: string;

  it('serves through B what was published through A: pact, matrix and can-i-deploy agree', async () => {
    const text = JSON.stringify(pactDocument(consumer, provider));
    const published = await call(a.url, 'POST', '/contracts/publish', {
      pacticipantName: consumer,
      pacticipantVersionNumber: '1',
      branch: 'main',
      contracts: [contract(consumer, provider, text)],
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    // B sees the pact at once, and its verification (through B) is seen by A.
    const pact = await getThroughBoth(`/pacts/provider/${provider}/consumer/${consumer}/version/1`);
    expect(pact.a.status).toBe(200);
    expect(pact.b).toEqual(pact.a);
    const sha = String(pact.b.body._links?.['pb:pact-version']?.href).split('/pact-version/')[1];
    const verified = await call(
      b.url,
      'POST',
      `/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}/verification-results`,
      {
        success: true,
        providerApplicationVersion: '10',
      },
    );
    expect(verified.status, JSON.stringify(verified.body)).toBe(201);

    const env = await call(a.url, 'POST', '/environments', { name: envName, displayName: envName, production: true });
    expect(env.status, JSON.stringify(env.body)).toBe(201);
    envUuid = env.body!.uuid!;
    const deployed = await call(b.url, 'POST', `/pacticipants/${provider}/versions/10/deployed-versions/environment/${envUuid}`, {});
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

    const matrix = await getThroughBoth(
      `/matrix?q[][pacticipant]=${consumer}&q[][version]=1&q[][pacticipant]=${provider}&q[][version]=10&latestby=cvpv`,
    );
    expect(matrix.a.status).toBe(200);
    expect(matrix.a.body.matrix).toHaveLength(1);
    expect(matrix.a.body.summary?.deployable).toBe(true);
    expect(matrix.b).toEqual(matrix.a);

    const canIDeploy = await getThroughBoth(`/can-i-deploy?pacticipant=${consumer}&version=1&environment=${envName}`);
    expect(canIDeploy.a.status).toBe(200);
    expect(canIDeploy.a.body.summary?.deployable).toBe(true);
    expect(canIDeploy.b).toEqual(canIDeploy.a);

    // A consumer version nobody verified: not deployable, through both.
    const v2 = await call(b.url, 'POST', '/contracts/publish', {
      pacticipantName: consumer,
      pacticipantVersionNumber: '2',
      branch: 'main',
      contracts: [contract(consumer, provider, JSON.stringify(pactDocument(consumer, provider, 'v2')))],
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(200);
    const notYet = await getThroughBoth(`/can-i-deploy?pacticipant=${consumer}&version=2&environment=${envName}`);
    expect(notYet.a.body.summary?.deployable).not.toBe(true);
    expect(notYet.b).toEqual(notYet.a);
  });

  it.each([
    { slot: 'no application instance (already occupied)', instance: undefined },
    { slot: 'application instance "blue" (empty)', instance: 'blue' },
  ])(
    'concurrent record-deployment through both replicas to one slot, $slot, leaves exactly one current deployment',
    async ({ instance }) => {
      expect(envUuid).toBeDefined();
      const versions = Array.from({ length: 10 }, (_, i) => String(11 + i));
      for (const v of versions) expect((await call(a.url, 'PUT', `/pacticipants/${provider}/versions/${v}`, {})).status).toBeLessThan(300);
      const before = await count(
        scratch.db,
        `SELECT count(*)::int AS n FROM deployed_versions d JOIN pacticipants p ON p.id = d.pacticipant_id WHERE p.name = $1`,
        [provider],
      );

      const results = await Promise.all(
        versions.flatMap((v) =>
          [a, b].map(async (replica) => {
            const res = await call(
              replica.url,
              'POST',
              `/pacticipants/${provider}/versions/${v}/deployed-versions/environment/${envUuid}`,
              instance ? { applicationInstance: instance } : {},
            );
            return { version: v, status: res.status, uuid: res.body?.uuid, body: res.body };
          }),
        ),
      );
      expect(results.filter((r) => r.status !== 200 && r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);

      const db = scratch.db;
      const instanceValue = instance ?? '';
      const current = await db.rows<{
        uuid: string;
        versionId: number;
      }>(sql`SELECT cd.deployed_version_uuid AS uuid, cd.version_id AS "versionId" FROM current_deployments cd JOIN pacticipants p ON p.id = cd.pacticipant_id
        WHERE p.name = ${provider} AND cd.environment_uuid = ${envUuid} AND cd.application_instance = ${instanceValue}`);
      expect(current).toHaveLength(1);
      // Exactly one deployment record of the slot is not undeployed: the current one.
      const live = await db.rows<{ uuid: string }>(sql`SELECT d.uuid FROM deployed_versions d JOIN pacticipants p ON p.id = d.pacticipant_id
        WHERE p.name = ${provider} AND d.environment_uuid = ${envUuid} AND COALESCE(d.application_instance, '') = ${instanceValue} AND d.undeployed_at IS NULL`);
      expect(live.map((r) => r.uuid)).toEqual([current[0]!.uuid]);
      // Every answer names a stored record, and no record was written that no answer names.
      const answered = new Set(results.map((r) => r.uuid));
      const after = await count(
        db,
        `SELECT count(*)::int AS n FROM deployed_versions d JOIN pacticipants p ON p.id = d.pacticipant_id WHERE p.name = $1`,
        [provider],
      );
      expect(after - before).toBe(answered.size);
      expect(answered.size).toBeGreaterThanOrEqual(versions.length);
      expect(answered.size).toBeLessThanOrEqual(results.length);

      // Both replicas list the same single current deployment for the slot.
      const listed = await getThroughBoth(`/environments/${envUuid}/deployed-versions/currently-deployed?pacticipant=${provider}`);
      expect(listed.a.status).toBe(200);
      expect(listed.b).toEqual(listed.a);
      const forSlot = (listed.a.body._embedded?.deployedVersions ?? []).filter((d) => (d.applicationInstance ?? '') === instanceValue);
      expect(forSlot.map((d) => d.uuid)).toEqual([current[0]!.uuid]);
    },
  );
});
