// Batched reads behind the GraphQL API's pacticipants, versions and branches: every function takes
// a list of keys and answers with one round trip, so DataLoaders can serve a page of N items with a
// constant number of queries.
import type { Db } from './db.ts';
import { nameKey, type PacticipantRow, type VersionRow } from './pacticipants.ts';
import { sql } from './sql.ts';

const PACTICIPANT_COLUMNS = sql`id, name, display_name AS "displayName", repository_url AS "repositoryUrl",
  repository_name AS "repositoryName", repository_namespace AS "repositoryNamespace", main_branch AS "mainBranch",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS = sql`v.id, v.pacticipant_id AS "pacticipantId", v.number, v.build_url AS "buildUrl", v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

/** Escapes LIKE wildcards so a search term matches literally. */
export const likePattern = (term: string): string => `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listPacticipantsMatching(db: Db, search: string | undefined): Promise<PacticipantRow[]> {
  if (search === undefined || search.trim() === '')
    return db.rows<PacticipantRow>(sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants ORDER BY name_key`);
  const pattern = sql.param(likePattern(search.trim()));
  return db.rows<PacticipantRow>(
    sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key LIKE ${pattern} OR lower(display_name) LIKE ${pattern} ORDER BY name_key`,
  );
}

export async function pacticipantsByIds(db: Db, ids: readonly number[]): Promise<Map<number, PacticipantRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<PacticipantRow>(sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE id = ANY(${ids}::int[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function versionsByIds(db: Db, ids: readonly number[]): Promise<Map<number, VersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<VersionRow>(sql`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.id = ANY(${ids}::int[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

export interface VersionKey {
  pacticipantName: string;
  number: string;
}

/** Versions by pacticipant name (case-insensitive) and number; keyed by `${lower(name)}\u0000${number}`. */
export async function versionsByNames(db: Db, keys: readonly VersionKey[]): Promise<Map<string, VersionRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.rows<VersionRow & { nameKey: string }>(sql`SELECT ${VERSION_COLUMNS}, p.name_key AS "nameKey"
       FROM unnest(${keys.map((k) => nameKey(k.pacticipantName))}::text[], ${keys.map((k) => k.number)}::text[]) AS k(name_key, number)
       JOIN pacticipants p ON p.name_key = k.name_key
       JOIN versions v ON v.pacticipant_id = p.id AND v.number = k.number`);
  return new Map(rows.map(({ nameKey: key, ...version }) => [versionKeyOf(key, version.number), version]));
}

export const versionKeyOf = (pacticipantName: string, number: string): string => `${nameKey(pacticipantName)}\u0000${number}`;

export interface VersionPageQuery {
  branch: string | undefined;
  /** Rows to fetch per pacticipant (page size + 1, to know whether there is a next page). */
  limit: number;
  /** Only versions with a lower id (the keyset cursor). */
  beforeId: number | undefined;
}

/** A page of versions, newest first, for each pacticipant, in one query. */
export async function versionPages(db: Db, pacticipantIds: readonly number[], query: VersionPageQuery): Promise<Map<number, VersionRow[]>> {
  const result = new Map<number, VersionRow[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return result;
  const where = [sql`v.pacticipant_id = ANY(${pacticipantIds}::int[])`];
  if (query.beforeId !== undefined) where.push(sql`v.id < ${query.beforeId}`);
  if (query.branch !== undefined) where.push(onBranch(query.branch));
  const rows = await db.rows<VersionRow & { rn: number }>(
    sql`SELECT * FROM (
       SELECT ${VERSION_COLUMNS}, row_number() OVER (PARTITION BY v.pacticipant_id ORDER BY v.id DESC)::int AS rn
       FROM versions v WHERE ${sql.join(where, sql` AND `)}
     ) x WHERE x.rn <= ${query.limit} ORDER BY x."pacticipantId", x.id DESC`,
  );
  for (const { rn: _rn, ...row } of rows) result.get(row.pacticipantId)?.push(row);
  return result;
}

/** How many versions each pacticipant has (on `branch`, when given). */
export async function versionCounts(db: Db, pacticipantIds: readonly number[], branch: string | undefined): Promise<Map<number, number>> {
  if (pacticipantIds.length === 0) return new Map();
  const branchFilter = branch === undefined ? sql.empty : sql`AND ${onBranch(branch)}`;
  const rows = await db.rows<{ pacticipantId: number; n: number }>(
    sql`SELECT v.pacticipant_id AS "pacticipantId", count(*)::int AS n FROM versions v
        WHERE v.pacticipant_id = ANY(${pacticipantIds}::int[]) ${branchFilter} GROUP BY v.pacticipant_id`,
  );
  return new Map(rows.map((r) => [r.pacticipantId, r.n]));
}

/** Version `v` is on the branch named `branch`. */
const onBranch = (branch: string) =>
  sql`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id AND b.name = ${branch})`;

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
