// Branches of a pacticipant and their versions. Writes (adding a version to a branch) live in
// pacticipants.ts#addToBranch; this file holds the reads and deletes behind the branch resources.
import type { Db } from './db.ts';
import { sql } from './sql.ts';

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
