// The benchmark seeder (npm run bench:seed, issue #7) at a small scale: the promised shape, and the
// batched store writes producing the same rows as the broker's one-at-a-time writes.
import type { Database } from '../../src/store/db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetSimulator, planServices } from '../../bench/seed/dataset.ts';
import { seedDataset, type RowCounts } from '../../bench/seed/seed.ts';
import { bulkCreateVersions, bulkPublishPacts, bulkRecordVerifications } from '../../src/store/bulk-writes.ts';
import { findOrCreatePacticipant } from '../../src/store/pacticipants.ts';
import { ConflictPolicy, publishContracts } from '../../src/store/pacts.ts';
import { recordVerification } from '../../src/store/verifications.ts';
import { openIsolatedTestDatabase, queryText } from '../support/test-database.ts';
import { sql } from '../../src/store/sql.ts';

const options = { services: 10, versions: 24, seed: 7 };
const one = async (db: Database, text: string, params: unknown[] = []) =>
  Number((await queryText<{ n: number }>(db, text, params))[0]?.n ?? 0);

describe('the benchmark dataset (npm run bench:seed, issue #7)', () => {
  it('is a DAG where every consumer has 1 to 5 providers', () => {
    const plans = planServices({ services: 200, versions: 1, seed: 1 });
    const consumers = plans.filter((p) => p.providers.length > 0);
    expect(consumers.length).toBeGreaterThanOrEqual(170);
    for (const c of consumers) {
      expect(c.providers.length).toBeGreaterThanOrEqual(1);
      expect(c.providers.length).toBeLessThanOrEqual(5);
      expect(c.providers.every((p) => p > c.index)).toBe(true);
    }
  });

  it('is the same for the same seed and different for another', () => {
    const run = (seed: number) => {
      const sim = new DatasetSimulator({ services: 6, versions: 5, seed });
      return [0, 1, 2, 3, 4].map((t) => sim.step(t)).map((e) => [e.versions.map((v) => v.number), e.verifications.length]);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  describe('when seeded into a database', () => {
    let db: Database;
    let counts: RowCounts;
    const sim = new DatasetSimulator(options);
    let simulatedVerifications = 0;

    beforeAll(async () => {
      db = await openIsolatedTestDatabase();
      counts = await seedDataset(db, { ...options, stepsPerBatch: 5 });
      for (let t = 0; t < options.versions; t++) simulatedVerifications += sim.step(t).verifications.length;
    }, 120_000);
    afterAll(async () => db?.close());

    it('has every pacticipant, version, environment and simulated verification', () => {
      expect(counts.pacticipants).toBe(options.services);
      expect(counts.versions).toBe(options.services * options.versions);
      expect(counts.environments).toBe(3);
      expect(counts.verifications).toBe(simulatedVerifications);
      expect(counts.integrations).toBe(planServices(options).reduce((n, p) => n + p.providers.length, 0));
      expect(counts.branch_versions).toBe(counts.versions);
    });

    it('shares pact versions across consumer versions (content changes every few versions)', async () => {
      expect(counts.pact_versions).toBeLessThan(counts.pact_publications / 2);
      expect(
        await one(db, `SELECT count(*)::int AS n FROM (SELECT pact_version_id FROM pact_publications GROUP BY 1 HAVING count(*) > 1) x`),
      ).toBeGreaterThan(0);
    });

    it('has main and feature branches, tags, failing, repeated and missing verifications', async () => {
      expect(await one(db, `SELECT count(DISTINCT name)::int AS n FROM branches WHERE name LIKE 'feat/%'`)).toBeGreaterThan(0);
      expect(await one(db, `SELECT count(*)::int AS n FROM tags WHERE name = 'main'`)).toBeGreaterThan(0);
      expect(await one(db, `SELECT count(*)::int AS n FROM verifications WHERE NOT success`)).toBeGreaterThan(0);
      expect(await one(db, `SELECT count(*)::int AS n FROM verifications WHERE number > 1`)).toBeGreaterThan(0);
      expect(sim.stats.skippedVerifications).toBeGreaterThan(0);
    });

    it('maintains latest_verifications as recordVerification does (the highest id per pact version and provider version)', async () => {
      const pairs = await one(
        db,
        `SELECT count(*)::int AS n FROM (SELECT DISTINCT pact_version_id, provider_version_id FROM verifications) x`,
      );
      expect(counts.latest_verifications).toBe(pairs);
      expect(
        await one(
          db,
          `SELECT count(*)::int AS n FROM latest_verifications lv
        WHERE lv.verification_id <> (SELECT max(id) FROM verifications v WHERE v.pact_version_id = lv.pact_version_id AND v.provider_version_id = lv.provider_version_id)`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          `SELECT count(*)::int AS n FROM (SELECT pact_version_id FROM verifications GROUP BY 1 HAVING max(number) <> count(*)) x`,
        ),
      ).toBe(0);
    });

    it('has deployments over time with one current deployment per slot, and releases', async () => {
      expect(counts.deployed_versions).toBeGreaterThan(counts.current_deployments);
      expect(await one(db, `SELECT count(*)::int AS n FROM deployed_versions WHERE undeployed_at IS NULL`)).toBe(
        counts.current_deployments,
      );
      expect(await one(db, `SELECT count(DISTINCT environment_uuid)::int AS n FROM current_deployments`)).toBe(3);
      expect(counts.released_versions).toBeGreaterThan(0);
    });

    it('writes pacts the broker can serve (same sha as publishing them)', async () => {
      const row = await db.maybeOne<{ sha: string; content: string }>(sql`SELECT sha, content FROM pact_versions ORDER BY id LIMIT 1`);
      const { contentSha } = await import('../../src/domain/pacts/content-hash.ts');
      expect(contentSha(JSON.parse(row!.content))).toBe(row!.sha);
    });
  });
});

describe('batched store writes (store/bulk-writes.ts)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openIsolatedTestDatabase();
  });
  afterAll(async () => db?.close());

  it('write the same rows as publishContracts and recordVerification', async () => {
    const pact = (c: string) => ({
      consumer: { name: c },
      provider: { name: 'bulk-provider' },
      interactions: [{ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
      metadata: { pactSpecification: { version: '2.0.0' } },
    });
    // One at a time: two consumer versions with the same content, verified twice by one provider version.
    const contract = (c: string) => ({
      providerName: 'bulk-provider',
      text: JSON.stringify(pact(c)),
      pact: pact(c),
      interactionCount: 1,
      onConflict: ConflictPolicy.overwrite,
    });
    const published = await publishContracts(
      db,
      { pacticipantName: 'single', versionNumber: '1', branch: 'main', tags: ['t'], contracts: [contract('single')] },
      { allowContractOverwrite: false },
    );
    await publishContracts(
      db,
      { pacticipantName: 'single', versionNumber: '2', branch: 'main', contracts: [contract('single')] },
      { allowContractOverwrite: false },
    );
    for (const success of [false, true])
      await recordVerification(db, {
        providerName: 'bulk-provider',
        consumerName: 'single',
        sha: published.contracts[0]!.sha,
        providerVersionNumber: 'p1',
        success,
      });

    // Batched: the same story for consumer "bulk".
    const consumer = (await findOrCreatePacticipant(db, 'bulk')).pacticipant;
    const provider = (await findOrCreatePacticipant(db, 'bulk-provider')).pacticipant;
    const at = new Date();
    const [v1, v2, p1] = await bulkCreateVersions(db, [
      { pacticipantId: consumer.id, number: '1', buildUrl: null, createdAt: at, branch: 'main', tags: ['t'] },
      { pacticipantId: consumer.id, number: '2', buildUrl: null, createdAt: at, branch: 'main', tags: [] },
      { pacticipantId: provider.id, number: 'p1-bulk', buildUrl: null, createdAt: at, branch: null, tags: [] },
    ]);
    const text = JSON.stringify(pact('bulk'));
    const { contentSha } = await import('../../src/domain/pacts/content-hash.ts');
    const sha = contentSha(pact('bulk'));
    const pvIds = await bulkPublishPacts(
      db,
      [v1!, v2!].map((id) => ({
        consumerVersionId: id,
        consumerId: consumer.id,
        providerId: provider.id,
        sha,
        content: text,
        interactionCount: 1,
        createdAt: at,
      })),
    );
    expect(pvIds[0]).toBe(pvIds[1]);
    await bulkRecordVerifications(
      db,
      [false, true].map((success) => ({
        pactVersionId: pvIds[0]!,
        providerVersionId: p1!,
        success,
        buildUrl: null,
        verifiedBy: null,
        createdAt: at,
      })),
    );

    const shape = async (name: string) => ({
      integrations: await one(
        db,
        `SELECT count(*)::int AS n FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id WHERE c.name = $1`,
        [name],
      ),
      pactVersions: await one(
        db,
        `SELECT count(*)::int AS n FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE c.name = $1`,
        [name],
      ),
      publications: await one(
        db,
        `SELECT count(*)::int AS n FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id WHERE c.name = $1`,
        [name],
      ),
      branchVersions: await one(
        db,
        `SELECT count(*)::int AS n FROM branch_versions bv JOIN pacticipants c ON c.id = bv.pacticipant_id WHERE c.name = $1`,
        [name],
      ),
      tags: await one(db, `SELECT count(*)::int AS n FROM tags t JOIN pacticipants c ON c.id = t.pacticipant_id WHERE c.name = $1`, [name]),
      verificationNumbers: (
        await db.rows<{ number: number; success: boolean }>(
          sql`SELECT v.number, v.success FROM verifications v JOIN pacticipants c ON c.id = v.consumer_id WHERE c.name = ${name} ORDER BY v.id`,
        )
      ).map((r) => `${r.number}:${r.success}`),
      latestIsLast: await one(
        db,
        `SELECT count(*)::int AS n FROM latest_verifications lv JOIN verifications v ON v.id = lv.verification_id
        JOIN pacticipants c ON c.id = v.consumer_id WHERE c.name = $1 AND v.number = 2 AND v.success`,
        [name],
      ),
    });
    expect(await shape('bulk')).toEqual(await shape('single'));
    expect(await shape('bulk')).toMatchObject({
      integrations: 1,
      pactVersions: 1,
      publications: 2,
      branchVersions: 2,
      tags: 1,
      verificationNumbers: ['1:false', '2:true'],
      latestIsLast: 1,
    });
  });
});
