// Data retention, the store side: loads the facts the retention rule needs (domain/retention/
// retention-rule.ts), and deletes the versions it allows, in batches, each batch in one transaction.
//
// Integrity after a deletion (every row that referenced a deleted version goes, nothing dangles):
// - tags, branch_versions, pact_publications, verifications by the version, deployed/released history
//   rows: ON DELETE CASCADE from versions;
// - latest_verifications: keyed by (pact content, provider version) and cascaded from verifications. A
//   verification is only ever deleted with its provider version or its pact content, and both take the
//   whole key group with them, so no remaining row needs to be re-pointed;
// - pact_versions (contents) no publication refers to any more are deleted, with their verifications;
// - branches left without versions are deleted (a branch exists because a version was on it).
// Each batch re-checks, inside its transaction, that a version is still not deployed, released or
// recent: a record-deployment that lands between planning and deleting wins.
import { decideRetention, type KeepReason, type RetentionFacts, type RetentionPolicy } from '../domain/retention/retention-rule.ts';
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export interface CleanupOptions {
  policy: RetentionPolicy;
  /** Report what would be deleted, write nothing. */
  dryRun: boolean;
  /** Versions deleted per transaction (default 500). */
  batchSize?: number;
  /** At most this many versions per run (default: all deletable); the next run continues. */
  limit?: number;
  now?: Date;
}

export interface DeletedVersion {
  pacticipant: string;
  number: string;
  createdAt: Date;
}

export interface CleanupResult {
  dryRun: boolean;
  /** Versions deleted (or that would be), oldest first. */
  versions: DeletedVersion[];
  /** Versions kept, by reason (a version kept for several reasons counts under each). */
  keptByReason: Partial<Record<KeepReason, number>>;
  keptVersions: number;
  /** Rows removed besides the versions (0 in a dry run). */
  deleted: { versions: number; pactPublications: number; pactVersions: number; verifications: number; branches: number };
}

const ids = (rows: Array<{ id: number }>) => rows.map((r) => Number(r.id));

/** Every version with its branches and tags, what runs, and the pact/verification edges the "needed" rule reads. */
export async function loadRetentionFacts(db: Db): Promise<RetentionFacts & { names: Map<number, DeletedVersion> }> {
  const versions = await db.rows<{
    id: number;
    pacticipant_id: number;
    number: string;
    name: string;
    created_at: Date;
    branches: string[] | null;
    tags: string[] | null;
  }>(sql`SELECT v.id, v.pacticipant_id, v.number, p.name, v.created_at,
            (SELECT array_agg(b.name) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id) AS branches,
            (SELECT array_agg(t.name) FROM tags t WHERE t.version_id = v.id) AS tags
       FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id ORDER BY v.id`);
  const deployed = ids(await db.rows(sql`SELECT DISTINCT version_id AS id FROM deployed_versions WHERE undeployed_at IS NULL`));
  const released = ids(await db.rows(sql`SELECT DISTINCT version_id AS id FROM released_versions WHERE support_ended_at IS NULL`));
  const running = [...new Set([...deployed, ...released])];
  // Only the edges around running versions: the contents they published or verified, and who else published or verified those.
  const runningIds = sql.param(running);
  const contents = sql`(SELECT pact_version_id FROM pact_publications WHERE consumer_version_id = ANY(${runningIds}::int[])
                     UNION SELECT pact_version_id FROM verifications WHERE provider_version_id = ANY(${runningIds}::int[]))`;
  const publications = await db.rows<{ consumer_version_id: number; consumer_id: number; pact_version_id: number }>(
    sql`SELECT consumer_version_id, consumer_id, pact_version_id FROM pact_publications WHERE pact_version_id IN ${contents}`,
  );
  const verifications = await db.rows<{ pact_version_id: number; provider_version_id: number }>(
    sql`SELECT DISTINCT pact_version_id, provider_version_id FROM verifications WHERE pact_version_id IN ${contents}`,
  );
  return {
    versions: versions.map((v) => ({
      id: v.id,
      pacticipantId: v.pacticipant_id,
      createdAt: new Date(v.created_at),
      branches: v.branches ?? [],
      tags: v.tags ?? [],
    })),
    names: new Map(versions.map((v) => [v.id, { pacticipant: v.name, number: v.number, createdAt: new Date(v.created_at) }])),
    deployedVersionIds: deployed,
    releasedVersionIds: released,
    publications: publications.map((p) => ({
      consumerVersionId: p.consumer_version_id,
      consumerId: p.consumer_id,
      pactVersionId: p.pact_version_id,
    })),
    verifications: verifications.map((v) => ({ pactVersionId: v.pact_version_id, providerVersionId: v.provider_version_id })),
  };
}

export async function runCleanup(db: Db, options: CleanupOptions): Promise<CleanupResult> {
  const now = options.now ?? new Date();
  const facts = await loadRetentionFacts(db);
  const decision = decideRetention(facts, options.policy, now);
  const planned = decision.deletable.slice(0, options.limit ?? decision.deletable.length);
  const keptByReason: Partial<Record<KeepReason, number>> = {};
  for (const reasons of decision.kept.values()) for (const r of reasons) keptByReason[r] = (keptByReason[r] ?? 0) + 1;
  const result: CleanupResult = {
    dryRun: options.dryRun,
    versions: [],
    keptByReason,
    keptVersions: decision.kept.size,
    deleted: { versions: 0, pactPublications: 0, pactVersions: 0, verifications: 0, branches: 0 },
  };
  if (options.dryRun) {
    result.versions = planned.map((id) => facts.names.get(id)!);
    return result;
  }
  const cutoff = new Date(now.getTime() - options.policy.keepDays * 86_400_000);
  const batchSize = options.batchSize ?? 500;
  for (let i = 0; i < planned.length; i += batchSize) {
    const batch = planned.slice(i, i + batchSize);
    const deletedIds = await db.transaction((tx) => deleteBatch(tx, batch, cutoff, result.deleted));
    result.versions.push(...deletedIds.map((id) => facts.names.get(id)!));
  }
  return result;
}

async function deleteBatch(tx: Db, batch: number[], cutoff: Date, counts: CleanupResult['deleted']): Promise<number[]> {
  // Re-check under the transaction: still old, not deployed, not released (a deployment may have landed since planning).
  const versionIds = ids(
    await tx.rows(sql`SELECT v.id FROM versions v WHERE v.id = ANY(${batch}::int[]) AND v.created_at <= ${cutoff.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM deployed_versions d WHERE d.version_id = v.id AND d.undeployed_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM released_versions r WHERE r.version_id = v.id AND r.support_ended_at IS NULL)
        FOR UPDATE`),
  );
  if (versionIds.length === 0) return [];
  const touchedContents = ids(
    await tx.rows(sql`SELECT DISTINCT pact_version_id AS id FROM pact_publications WHERE consumer_version_id = ANY(${versionIds}::int[])`),
  );
  const touchedBranches = ids(
    await tx.rows(sql`SELECT DISTINCT branch_id AS id FROM branch_versions WHERE version_id = ANY(${versionIds}::int[])`),
  );
  counts.pactPublications += Number(
    await tx.execute(sql`DELETE FROM pact_publications WHERE consumer_version_id = ANY(${versionIds}::int[])`),
  );
  counts.verifications += Number(await tx.execute(sql`DELETE FROM verifications WHERE provider_version_id = ANY(${versionIds}::int[])`));
  counts.versions += Number(await tx.execute(sql`DELETE FROM versions WHERE id = ANY(${versionIds}::int[])`));
  // Contents no publication refers to any more: unreachable from any matrix row. Their verifications go with them.
  const orphaned = ids(
    await tx.rows(
      sql`SELECT pv.id FROM pact_versions pv WHERE pv.id = ANY(${touchedContents}::int[]) AND NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id)`,
    ),
  );
  if (orphaned.length > 0) {
    counts.verifications += Number(await tx.execute(sql`DELETE FROM verifications WHERE pact_version_id = ANY(${orphaned}::int[])`));
    counts.pactVersions += Number(await tx.execute(sql`DELETE FROM pact_versions WHERE id = ANY(${orphaned}::int[])`));
  }
  counts.branches += Number(
    await tx.execute(
      sql`DELETE FROM branches b WHERE b.id = ANY(${touchedBranches}::int[]) AND NOT EXISTS (SELECT 1 FROM branch_versions bv WHERE bv.branch_id = b.id)`,
    ),
  );
  return versionIds;
}
