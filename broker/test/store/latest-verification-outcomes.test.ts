// latest_verifications keeps copies of its verification's success and time (issue #14): whole-integration matrices
// count and rank rows from them alone. Every writer must keep them exact, including when a later verification by
// the same provider version replaces the row: the one-statement path, the general path, concurrent verifiers and
// the batched writes of imports and the benchmark seeder.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/store/db.ts';
import { bulkRecordVerifications } from '../../src/store/operations/bulk-writes.ts';
import { ConflictPolicy, publishContracts } from '../../src/store/pacts/publish.ts';
import { sql } from '../../src/store/sql.ts';
import { recordVerification } from '../../src/store/verifications.ts';
import { openIsolatedTestDatabase } from '../support/test-database.ts';

let db: Database;
beforeAll(async () => {
  db = await openIsolatedTestDatabase();
});
afterAll(async () => db?.close());

async function publish(consumer: string, provider: string): Promise<{ sha: string; pactVersionId: number }> {
  const pact = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  const published = await publishContracts(
    db,
    {
      pacticipantName: consumer,
      versionNumber: '1',
      contracts: [{ providerName: provider, text: JSON.stringify(pact), pact, interactionCount: 1, onConflict: ConflictPolicy.overwrite }],
    },
    { allowContractOverwrite: false },
  );
  const sha = published.contracts[0]!.sha;
  const row = await db.maybeOne<{ id: number }>(sql`SELECT id FROM pact_versions WHERE sha = ${sha}`);
  return { sha, pactVersionId: row!.id };
}

/** Rows of latest_verifications that are not the newest verification of their key, or whose copies differ from it. */
async function inexactRows(pactVersionId: number) {
  return db.rows(sql`SELECT lv.*, v.success AS "verificationSuccess", v.created_at AS "verificationCreatedAt"
    FROM latest_verifications lv JOIN verifications v ON v.id = lv.verification_id
    WHERE lv.pact_version_id = ${pactVersionId}
      AND (lv.success <> v.success OR lv.verified_at <> v.created_at
        OR v.id <> (SELECT max(x.id) FROM verifications x WHERE x.pact_version_id = lv.pact_version_id AND x.provider_version_id = lv.provider_version_id))`);
}

async function latestOutcomes(pactVersionId: number) {
  return db.rows<{ providerVersion: string; success: boolean }>(
    sql`SELECT prv.number AS "providerVersion", lv.success FROM latest_verifications lv JOIN versions prv ON prv.id = lv.provider_version_id
      WHERE lv.pact_version_id = ${pactVersionId} ORDER BY prv.number`,
  );
}

describe('latest_verifications success and verified_at (issue #14)', () => {
  test('follow the newest verification on the one-statement path', async () => {
    const { sha, pactVersionId } = await publish('lvo-one', 'lvo-provider');
    for (const [version, success] of [
      ['1', false],
      ['1', true],
      ['2', true],
      ['2', false],
    ] as const)
      await recordVerification(db, { providerName: 'lvo-provider', consumerName: 'lvo-one', sha, providerVersionNumber: version, success });
    expect(await latestOutcomes(pactVersionId)).toEqual([
      { providerVersion: '1', success: true },
      { providerVersion: '2', success: false },
    ]);
    expect(await inexactRows(pactVersionId)).toEqual([]);
  });

  test('follow the newest verification on the general path (jobs to enqueue)', async () => {
    const { sha, pactVersionId } = await publish('lvo-general', 'lvo-provider');
    const jobs = { baseUrl: undefined, webhookMaxAttempts: 1, githubStatuses: true };
    for (const success of [true, false])
      await recordVerification(
        db,
        { providerName: 'lvo-provider', consumerName: 'lvo-general', sha, providerVersionNumber: '1', success },
        jobs,
      );
    expect(await latestOutcomes(pactVersionId)).toEqual([{ providerVersion: '1', success: false }]);
    expect(await inexactRows(pactVersionId)).toEqual([]);
  });

  test('stay exact under concurrent verifiers of the same provider versions', async () => {
    const { sha, pactVersionId } = await publish('lvo-concurrent', 'lvo-provider');
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        recordVerification(db, {
          providerName: 'lvo-provider',
          consumerName: 'lvo-concurrent',
          sha,
          providerVersionNumber: String(i % 2),
          success: i % 3 === 0,
        }),
      ),
    );
    expect((await latestOutcomes(pactVersionId)).map((r) => r.providerVersion)).toEqual(['0', '1']);
    expect(await inexactRows(pactVersionId)).toEqual([]);
  });

  test('are written by the batched writes, a later batch replacing an earlier row', async () => {
    const { pactVersionId } = await publish('lvo-bulk', 'lvo-provider');
    const provider = await db.maybeOne<{ id: number }>(sql`SELECT id FROM pacticipants WHERE name = 'lvo-provider'`);
    const version = await db.maybeOne<{ id: number }>(
      sql`INSERT INTO versions (pacticipant_id, number) VALUES (${provider!.id}, 'bulk-1') RETURNING id`,
    );
    const verification = (success: boolean, createdAt: Date) => ({
      pactVersionId,
      providerVersionId: version!.id,
      success,
      buildUrl: null,
      verifiedBy: null,
      createdAt,
    });
    await bulkRecordVerifications(db, [
      verification(true, new Date('2025-01-01T00:00:00.001Z')),
      verification(false, new Date('2025-01-02T00:00:00.002Z')),
    ]);
    expect(await latestOutcomes(pactVersionId)).toEqual([{ providerVersion: 'bulk-1', success: false }]);
    await bulkRecordVerifications(db, [verification(true, new Date('2025-01-03T00:00:00.003Z'))]);
    expect(await latestOutcomes(pactVersionId)).toEqual([{ providerVersion: 'bulk-1', success: true }]);
    const [row] = await db.rows<{ verifiedAt: Date }>(
      sql`SELECT verified_at AS "verifiedAt" FROM latest_verifications WHERE pact_version_id = ${pactVersionId}`,
    );
    expect(row!.verifiedAt.toISOString()).toBe('2025-01-03T00:00:00.003Z');
    expect(await inexactRows(pactVersionId)).toEqual([]);
  });
});

describe('latest_verifications written by the previous release during a rolling upgrade', () => {
  // The previous release writes verification_id only: the migration's trigger copies the outcome for it.
  test('an insert without the copies gets them from its verification, and an update of verification_id moves them', async () => {
    const { sha, pactVersionId } = await publish('lvo-old-release', 'lvo-provider');
    await recordVerification(db, {
      providerName: 'lvo-provider',
      consumerName: 'lvo-old-release',
      sha,
      providerVersionNumber: '1',
      success: true,
    });
    const [first] = await db.rows<{ id: number; providerVersionId: number }>(
      sql`SELECT id, provider_version_id AS "providerVersionId" FROM verifications WHERE pact_version_id = ${pactVersionId}`,
    );
    // as the previous release's recordVerification wrote them: no success, no verified_at
    await db.execute(sql`DELETE FROM latest_verifications WHERE pact_version_id = ${pactVersionId}`);
    await db.execute(
      sql`INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id) VALUES (${pactVersionId}, ${first!.providerVersionId}, ${first!.id})`,
    );
    expect(await latestOutcomes(pactVersionId)).toEqual([{ providerVersion: '1', success: true }]);
    expect(await inexactRows(pactVersionId)).toEqual([]);
    const failed = await db.one<{ id: number }>(
      sql`INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success)
        SELECT 2, pact_version_id, provider_version_id, consumer_id, provider_id, false FROM verifications WHERE id = ${first!.id} RETURNING id`,
    );
    await db.execute(
      sql`INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id) VALUES (${pactVersionId}, ${first!.providerVersionId}, ${failed.id})
        ON CONFLICT (pact_version_id, provider_version_id) DO UPDATE SET verification_id = GREATEST(latest_verifications.verification_id, EXCLUDED.verification_id)`,
    );
    expect(await latestOutcomes(pactVersionId)).toEqual([{ providerVersion: '1', success: false }]);
    expect(await inexactRows(pactVersionId)).toEqual([]);
  });
});
