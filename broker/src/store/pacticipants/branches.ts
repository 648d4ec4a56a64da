// Branches of a pacticipant and their versions: adding a version to a branch (creating the branch when
// missing), the reads and deletes behind the branch resources, and the GraphQL batched reads.
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';
import type { PacticipantRow } from './pacticipants.ts';
import { type VersionRow } from './versions.ts';
import { upsertVersion } from './versions.ts';

export interface BranchRow {
  id: number;
  pacticipantId: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A version's membership of a branch; `latest` when it is the branch head. */
export interface BranchVersionRow {
  versionId: number;
  branchName: string;
  latest: boolean;
  createdAt: Date;
}

const BRANCH_COLUMNS = sql`id, pacticipant_id AS "pacticipantId", name, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Branches of a pacticipant, most recently updated first (the Pact Broker's order). */
export async function listBranches(db: Db, pacticipantId: number): Promise<BranchRow[]> {
  return db.rows<BranchRow>(
    sql`SELECT ${BRANCH_COLUMNS} FROM branches WHERE pacticipant_id = ${pacticipantId} ORDER BY updated_at DESC, id DESC`,
  );
}

export async function findBranch(db: Db, pacticipantId: number, name: string): Promise<BranchRow | undefined> {
  return db.maybeOne<BranchRow>(sql`SELECT ${BRANCH_COLUMNS} FROM branches WHERE pacticipant_id = ${pacticipantId} AND name = ${name}`);
}

/** Deletes a branch and its memberships; the versions themselves stay. */
export async function deleteBranch(db: Db, branchId: number): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM branches WHERE id = ${branchId}`)) > 0;
}

/** The branches each given version belongs to, with whether it is the head of that branch. */
export async function branchVersionsOf(db: Db, versionIds: readonly number[]): Promise<Map<number, BranchVersionRow[]>> {
  const result = new Map<number, BranchVersionRow[]>();
  if (versionIds.length === 0) return result;
  const rows =
    await db.rows<BranchVersionRow>(sql`SELECT bv.version_id AS "versionId", b.name AS "branchName", bv.created_at AS "createdAt",
            bv.version_id = (SELECT max(h.version_id) FROM branch_versions h WHERE h.branch_id = bv.branch_id) AS latest
       FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
      WHERE bv.version_id = ANY(${versionIds}::int[]) ORDER BY bv.id`);
  for (const row of rows) result.set(row.versionId, [...(result.get(row.versionId) ?? []), row]);
  return result;
}

/** Whether `versionId` is on the branch, and whether it is its head. */
export async function findBranchVersion(
  db: Db,
  branchId: number,
  versionId: number,
): Promise<{ createdAt: Date; latest: boolean } | undefined> {
  return db.maybeOne<{
    createdAt: Date;
    latest: boolean;
  }>(sql`SELECT created_at AS "createdAt", version_id = (SELECT max(version_id) FROM branch_versions WHERE branch_id = ${branchId}) AS latest
       FROM branch_versions WHERE branch_id = ${branchId} AND version_id = ${versionId}`);
}

/** The head of a branch: the member version with the highest id. */
export async function branchHeadVersionId(db: Db, branchId: number): Promise<number | undefined> {
  const head = await db.maybeOne<{ id: number | null }>(
    sql`SELECT max(version_id) AS id FROM branch_versions WHERE branch_id = ${branchId}`,
  );
  return head?.id ?? undefined;
}

/** Adds a version to a branch, creating the branch if needed; `created` is false when it was already on it. */
export async function addToBranch(
  db: Db,
  version: Pick<VersionRow, 'id' | 'pacticipantId'>,
  branch: string,
): Promise<{ created: boolean }> {
  const rows = await db.rows<{ id: number }>(sql`INSERT INTO branches (pacticipant_id, name) VALUES (${version.pacticipantId}, ${branch})
     ON CONFLICT (pacticipant_id, name) DO UPDATE SET updated_at = now() RETURNING id`);
  const branchId = rows[0]!.id;
  const count = await db.execute(
    sql`INSERT INTO branch_versions (branch_id, version_id, pacticipant_id) VALUES (${branchId}, ${version.id}, ${version.pacticipantId}) ON CONFLICT (branch_id, version_id) DO NOTHING`,
  );
  return { created: count > 0 };
}

/** Adds a version to a branch, creating the pacticipant, version and branch when missing. */
export async function addVersionToBranch(
  db: Db,
  pacticipantName: string,
  branch: string,
  number: string,
): Promise<{ pacticipant: PacticipantRow; version: VersionRow; created: boolean }> {
  const { pacticipant, version } = await upsertVersion(db, pacticipantName, number, undefined);
  const { created } = await addToBranch(db, version, branch);
  return { pacticipant, version, created };
}

export interface GraphqlBranchRow {
  id: number;
  pacticipantId: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  /** The branch head (highest member version id); null for a branch without versions. */
  headVersionId: number | null;
}

const BRANCH_SELECT = sql`SELECT b.id, b.pacticipant_id AS "pacticipantId", b.name, b.created_at AS "createdAt", b.updated_at AS "updatedAt",
    (SELECT max(h.version_id) FROM branch_versions h WHERE h.branch_id = b.id) AS "headVersionId"
  FROM branches b`;

/** Branches of each pacticipant, most recently updated first (the Pact Broker's order). */
export async function branchesOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, GraphqlBranchRow[]>> {
  const result = new Map<number, GraphqlBranchRow[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return result;
  const rows = await db.rows<GraphqlBranchRow>(
    sql`${BRANCH_SELECT} WHERE b.pacticipant_id = ANY(${pacticipantIds}::int[]) ORDER BY b.updated_at DESC, b.id DESC`,
  );
  for (const row of rows) result.get(row.pacticipantId)?.push(row);
  return result;
}

export interface VersionBranchRow {
  versionId: number;
  latest: boolean;
  branch: GraphqlBranchRow;
}

/** The branches each version belongs to (oldest membership first), with whether it is the head. */
export async function branchMembershipsOfVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, VersionBranchRow[]>> {
  const result = new Map<number, VersionBranchRow[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return result;
  const rows = await db.rows<
    GraphqlBranchRow & { versionId: number }
  >(sql`SELECT bv.version_id AS "versionId", b.id, b.pacticipant_id AS "pacticipantId", b.name, b.created_at AS "createdAt", b.updated_at AS "updatedAt",
        (SELECT max(h.version_id) FROM branch_versions h WHERE h.branch_id = b.id) AS "headVersionId"
       FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
      WHERE bv.version_id = ANY(${versionIds}::int[]) ORDER BY bv.id`);
  for (const { versionId, ...branch } of rows)
    result.get(versionId)?.push({ versionId, latest: branch.headVersionId === versionId, branch });
  return result;
}
