// Selectors resolved to versions, for the matrix (domain/matrix's MatrixReader.resolveVersions): one indexed lookup per
// selector, driven by its most selective criterion, all of them in one UNION ALL round trip.
import type { VersionLookup } from '../../domain/matrix/query-matrix.ts';
import type { VersionRef } from '../../domain/matrix/resolved-selector.ts';
import type { Db } from '../db.ts';
import { sql, type SqlFragment, type SqlParam } from '../sql.ts';

// ---- selectors → versions ---------------------------------------------------------------------

export async function resolveVersions(db: Db, lookups: readonly VersionLookup[]): Promise<VersionRef[][]> {
  if (lookups.length === 0) return [];
  const rows = await db.rows<{ idx: number; id: number; number: string; branch: string | null }>(
    sql.join(
      lookups.map((l, i) => versionFragment(i, l)),
      sql`\nUNION ALL\n`,
    ),
  );
  const result: VersionRef[][] = lookups.map(() => []);
  for (const r of rows) result[r.idx]!.push({ id: r.id, number: r.number, branch: r.branch });
  for (const list of result) list.sort((a, b) => b.id - a.id);
  return result;
}

/** One indexed lookup per selector, driven by its most selective criterion. */
function versionFragment(idx: number, { pacticipant, selector: s }: VersionLookup): SqlFragment {
  const pid = sql.param(pacticipant.id);
  const where: SqlFragment[] = [];
  let from: SqlFragment;
  let branchColumn = sql`NULL::text`;
  const branchName = s.branch !== undefined ? sql`${sql.param(s.branch)}` : sql`(SELECT main_branch FROM pacticipants WHERE id = ${pid})`;
  const envVersions = (env: SqlParam) =>
    sql`SELECT cd.version_id FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE e.name = ${env} AND cd.pacticipant_id = ${pid}
     UNION SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid
       WHERE e.name = ${env} AND rv.pacticipant_id = ${pid} AND rv.support_ended_at IS NULL`;
  if (s.tag !== undefined) {
    from = sql`tags d JOIN versions v ON v.id = d.version_id`;
    where.push(sql`d.pacticipant_id = ${pid}`, sql`d.name = ${s.tag}`);
  } else if (s.branch !== undefined || s.mainBranch) {
    from = sql`branches b JOIN branch_versions d ON d.branch_id = b.id JOIN versions v ON v.id = d.version_id`;
    where.push(sql`b.pacticipant_id = ${pid}`, sql`b.name = ${branchName}`);
    branchColumn = sql`b.name`;
  } else if (s.environment !== undefined) {
    from = sql`(${envVersions(sql.param(s.environment))}) d JOIN versions v ON v.id = d.version_id`;
  } else {
    from = sql`versions v`;
    where.push(sql`v.pacticipant_id = ${pid}`);
  }
  if (s.version !== undefined) where.push(sql`v.number = ${s.version}`);
  if (s.tag !== undefined && (s.branch !== undefined || s.mainBranch)) {
    where.push(
      sql`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches bb ON bb.id = bv.branch_id WHERE bv.version_id = v.id AND bb.name = ${branchName})`,
    );
  }
  if (s.environment !== undefined && (s.tag !== undefined || s.branch !== undefined || s.mainBranch)) {
    where.push(sql`v.id IN (${envVersions(sql.param(s.environment))})`);
  }
  const filter = where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql.empty;
  const latest = s.latest ? sql` ORDER BY v.id DESC LIMIT 1` : sql.empty;
  return sql`(SELECT ${idx}::int AS idx, v.id, v.number, ${branchColumn} AS branch FROM ${from}${filter}${latest})`;
}
