// Data retention (issue #6, the Pact Broker's clean feature): POST /admin/cleanup with and without a
// dry run, and the `retention-cleanup` job. On a database of its own: a cleanup deletes across all data.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { enqueueJobs } from '../../src/store/job-queue.ts';
import { runDueJobs, schedulesFrom } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { seed, type Environment } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({}, {}, { isolatedDatabase: true });
});
afterAll(async () => broker?.close());

/** Every policy knob at its most aggressive, so only the structural rules (heads, deployed, needed) keep anything. */
const AGGRESSIVE = { keepDays: 0, keepLatest: 0 };

async function counts() {
  const row = await broker.db.maybeOne<
    Record<string, number>
  >(sql`SELECT (SELECT count(*)::int FROM versions) AS versions, (SELECT count(*)::int FROM pact_versions) AS "pactVersions",
            (SELECT count(*)::int FROM pact_publications) AS publications, (SELECT count(*)::int FROM verifications) AS verifications,
            (SELECT count(*)::int FROM latest_verifications) AS "latestVerifications", (SELECT count(*)::int FROM tags) AS tags,
            (SELECT count(*)::int FROM branches) AS branches`);
  return row!;
}

/** The answers a release manager would read: can-i-deploy to the environment and the matrix of a version, reduced to what decides. */
async function answer(pacticipant: string, version: string, env: Environment) {
  const cid = await broker.request.get('/can-i-deploy').query({ pacticipant, version, environment: env.name });
  expect(cid.status, JSON.stringify(cid.body)).toBe(200);
  const matrix = await broker.request.get(`/matrix?q[][pacticipant]=${pacticipant}&q[][version]=${version}&latestby=cvp`);
  expect(matrix.status).toBe(200);
  const rows = (m: {
    matrix: Array<{
      consumer: { version: { number: string } };
      provider: { version?: { number: string } | null };
      verificationResult?: { success: boolean } | null;
    }>;
  }) =>
    m.matrix
      .map((r) => `${r.consumer.version.number}->${r.provider.version?.number ?? '-'}:${r.verificationResult?.success ?? 'none'}`)
      .sort();
  return {
    deployable: cid.body.summary.deployable as boolean | null,
    reason: cid.body.summary.reason as string,
    cidRows: rows(cid.body),
    matrixRows: rows(matrix.body),
  };
}

describe('data retention cleanup', { timeout: 120_000 }, () => {
  test('a dry run lists exactly what the rule allows and changes nothing; the job deletes it; deployed answers are unchanged', async () => {
    const kit = seed(broker.request);
    const consumer = kit.pacticipant('order');
    const provider = kit.pacticipant('payment');
    const prod = await kit.environment('production', true);

    // Consumer history: c0 (content Z, nothing else needs it), c1 (content A, deployed), c2 (A again), c3 (B, main head), and a feature branch.
    await consumer.publishPact({ version: 'c0', provider, variant: 'Z' });
    const a1 = await consumer.publishPact({ version: 'c1', provider, branch: 'main', variant: 'A' });
    await consumer.publishPact({ version: 'c2', provider, branch: 'main', variant: 'A' });
    const b3 = await consumer.publishPact({ version: 'c3', provider, branch: 'main', variant: 'B' });
    await consumer.publishPact({ version: 'feat1', provider, branch: 'feat/x', variant: 'B' });
    await consumer.publishPact({ version: 'feat2', provider, branch: 'feat/x', variant: 'B' });
    // Provider history: p0 verified A first; p1 (deployed) verified A; p2 verified A later and failed; p3 (main head) verified B.
    await provider.verify(a1, { version: 'p0', success: true });
    await provider.verify(a1, { version: 'p1', success: true, branch: 'main' });
    await provider.verify(a1, { version: 'p2', success: false });
    await provider.verify(b3, { version: 'p3', success: true, branch: 'main' });
    await consumer.deploy('c1', prod);
    await provider.deploy('p1', prod);

    const questions: Array<[string, string]> = [
      [consumer.name, 'c1'],
      [provider.name, 'p1'],
      [consumer.name, 'c3'],
      [provider.name, 'p3'],
    ];
    const before = await Promise.all(questions.map(([p, v]) => answer(p, v, prod)));
    const countsBefore = await counts();

    // Dry run: c0 (old, no branch), feat1 (not the head of feat/x), p0 (not the latest verifier of A: p2 is, and p2 is "needed").
    const dry = await broker.request.post('/admin/cleanup').send({ dryRun: true, ...AGGRESSIVE });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    const listed = (body: { versions: Array<{ pacticipant: string; number: string }> }) =>
      body.versions.map((v) => `${v.pacticipant === consumer.name ? 'C' : 'P'}:${v.number}`).sort();
    expect(listed(dry.body)).toEqual(['C:c0', 'C:feat1', 'P:p0']);
    expect(dry.body.deletedVersionCount).toBe(3);
    expect(dry.body.keptByReason).toMatchObject({ deployed: 2, needed: 2, branchHead: 3 });
    expect(await counts()).toEqual(countsBefore);

    // The scheduled job, with the same policy in its payload, deletes them.
    await enqueueJobs(broker.db, [{ kind: 'retention-cleanup', payload: AGGRESSIVE }]);
    const config = broker.config;
    expect(await runDueJobs({ config, db: broker.db, logger: createLogger(config) })).toBe(1);

    for (const [p, v] of [
      [consumer.name, 'c0'],
      [consumer.name, 'feat1'],
      [provider.name, 'p0'],
    ] as const) {
      expect((await broker.request.get(`/pacticipants/${p}/versions/${v}`)).status).toBe(404);
    }
    for (const [p, v] of [
      [consumer.name, 'c1'],
      [consumer.name, 'c2'],
      [consumer.name, 'c3'],
      [consumer.name, 'feat2'],
      [provider.name, 'p1'],
      [provider.name, 'p2'],
      [provider.name, 'p3'],
    ] as const) {
      expect((await broker.request.get(`/pacticipants/${p}/versions/${v}`)).status, `${p} ${v}`).toBe(200);
    }
    const countsAfter = await counts();
    expect(countsAfter.versions).toBe(countsBefore.versions! - 3);
    expect(countsAfter.publications).toBe(countsBefore.publications! - 2);
    // Content Z was published only by c0: its pact version is gone. A and B are still published.
    expect(countsAfter.pactVersions).toBe(countsBefore.pactVersions! - 1);
    expect(countsAfter.verifications).toBe(countsBefore.verifications! - 1);

    // Integrity: every (content, provider version) with verifications has its latest row, pointing at its newest verification.
    const broken = await broker.db
      .rows(sql`SELECT v.pact_version_id, v.provider_version_id FROM verifications v GROUP BY v.pact_version_id, v.provider_version_id
       EXCEPT SELECT lv.pact_version_id, lv.provider_version_id FROM latest_verifications lv
         JOIN verifications x ON x.id = lv.verification_id AND x.id = (SELECT max(id) FROM verifications y WHERE y.pact_version_id = lv.pact_version_id AND y.provider_version_id = lv.provider_version_id)`);
    expect(broken).toEqual([]);
    const orphans = await broker.db.rows(
      sql`SELECT id FROM pact_versions pv WHERE NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id)`,
    );
    expect(orphans).toEqual([]);

    // The answers about every deployed version and every kept candidate are the same as before.
    // (The matrix history of a kept candidate may lose rows of deleted versions: p3's lists feat1 no more. That is
    // history, not an answer: its can-i-deploy is unchanged. The deployed versions' matrices are unchanged too.)
    const after = await Promise.all(questions.map(([p, v]) => answer(p, v, prod)));
    const canIDeployOnly = ({ matrixRows: _rows, ...rest }: Awaited<ReturnType<typeof answer>>) => rest;
    expect(after.map(canIDeployOnly)).toEqual(before.map(canIDeployOnly));
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[0]!.deployable).toBe(true);
    expect(before[3]!.matrixRows).toContain('feat1->p3:true');

    // Running again finds nothing more to delete.
    const again = await broker.request.post('/admin/cleanup').send(AGGRESSIVE);
    expect(again.status).toBe(200);
    expect(again.body.deletedVersionCount).toBe(0);
  });

  test('refuses a malformed policy with a problem naming the field, and deletes nothing', async () => {
    const before = await counts();
    const res = await broker.request.post('/admin/cleanup').set('Accept', 'application/problem+json').send({ keepDays: -1, dryRun: 'yes' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/keepDays: must not be negative/);
    expect(res.body.detail).toMatch(/dryRun: must be true or false/);
    expect(await counts()).toEqual(before);
  });

  test('the schedule is off unless TREATY_CLEANUP_ENABLED=true, and then runs the retention-cleanup job at the configured interval', () => {
    expect(schedulesFrom(loadConfig({}))).toEqual([]);
    expect(schedulesFrom(loadConfig({ TREATY_CLEANUP_ENABLED: 'true', TREATY_CLEANUP_EVERY_MINUTES: '30' }))).toEqual([
      { kind: 'retention-cleanup', everyMs: 30 * 60_000 },
    ]);
    expect(
      loadConfig({ TREATY_CLEANUP_KEEP_DAYS: '7', TREATY_CLEANUP_KEEP_LATEST: '0', TREATY_CLEANUP_KEEP_BRANCHES: 'main, release' }).cleanup,
    ).toMatchObject({ keepDays: 7, keepLatest: 0, keepBranches: ['main', 'release'] });
  });

  test('needs the admin scope', async () => {
    const locked = await startTestBroker({}, { TREATY_ADMIN_TOKEN: 'admin-token-for-retention-0123456789' });
    try {
      expect((await locked.request.post('/admin/cleanup').send({ dryRun: true })).status).toBe(401);
      const ok = await locked.request
        .post('/admin/cleanup')
        .set('Authorization', 'Bearer admin-token-for-retention-0123456789')
        .send({ dryRun: true });
      expect(ok.status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
