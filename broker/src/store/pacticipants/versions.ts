// Versions of a pacticipant: find-or-create (INSERT ... ON CONFLICT, so parallel publishers never duplicate one),
// the latest, lists and pages, and the batched reads behind the GraphQL API (one round trip per list of keys).
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';
import type { PacticipantRow } from './pacticipants.ts';
import { nameKey, findOrCreatePacticipant } from './pacticipants.ts';
import type { Page, Paged } from '../paging.ts';
import { limitClause } from '../paging.ts';

export interface VersionRow {
  id: number;
  pacticipantId: number;
  number: string;
  buildUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const VERSION_COLUMNS = sql`id, pacticipant_id AS "pacticipantId", number, build_url AS "buildUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;

export const VERSION_COLUMNS_QUALIFIED = sql`v.id, v.pacticipant_id AS "pacticipantId", v.number, v.build_url AS "buildUrl", v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

export async function findVersion(db: Db, pacticipantId: number, number: string): Promise<VersionRow | undefined> {
  return db.maybeOne<VersionRow>(
    sql`SELECT ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = ${pacticipantId} AND number = ${number}`,
  );
}

export async function findOrCreateVersion(
  db: Db,
  pacticipantId: number,
  number: string,
  buildUrl?: string | null,
): Promise<{ version: VersionRow; created: boolean }> {
  const inserted =
    await db.rows<VersionRow>(sql`INSERT INTO versions (pacticipant_id, number, build_url) VALUES (${pacticipantId}, ${number}, ${buildUrl ?? null})
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING ${VERSION_COLUMNS}`);
  if (inserted[0]) return { version: inserted[0], created: true };
  const existing = await findVersion(db, pacticipantId, number);
  if (!existing) throw new Error(`version ${number} vanished while being created`);
  if (buildUrl && existing.buildUrl !== buildUrl) {
    await db.execute(sql`UPDATE versions SET build_url = ${buildUrl}, updated_at = now() WHERE id = ${existing.id}`);
    existing.buildUrl = buildUrl;
  }
  return { version: existing, created: false };
}

/** The latest (most recently created) version of each given pacticipant. */
export async function latestVersionsOf(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, VersionRow>> {
  if (pacticipantIds.length === 0) return new Map();
  const rows = await db.rows<VersionRow>(
    sql`SELECT DISTINCT ON (pacticipant_id) ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = ANY(${pacticipantIds}::int[]) ORDER BY pacticipant_id, id DESC`,
  );
  return new Map(rows.map((r) => [r.pacticipantId, r]));
}

/** The latest version of a pacticipant, or the latest one carrying `tag` when given. */
export async function findLatestVersion(db: Db, pacticipantId: number, tag?: string): Promise<VersionRow | undefined> {
  const rows =
    tag === undefined
      ? await db.rows<VersionRow>(
          sql`SELECT ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = ${pacticipantId} ORDER BY id DESC LIMIT 1`,
        )
      : await db.rows<VersionRow>(
          sql`SELECT ${VERSION_COLUMNS} FROM versions WHERE id = (SELECT max(version_id) FROM tags WHERE pacticipant_id = ${pacticipantId} AND name = ${tag})`,
        );
  return rows[0];
}

export async function findVersionById(db: Db, id: number): Promise<VersionRow | undefined> {
  return db.maybeOne<VersionRow>(sql`SELECT ${VERSION_COLUMNS} FROM versions WHERE id = ${id}`);
}

/** Versions of a pacticipant, newest first; only those with `tag`, or on `branchId`, when given. */
export async function listVersions(
  db: Db,
  pacticipantId: number,
  filter: { tag?: string; branchId?: number } = {},
  page?: Page,
): Promise<Paged<VersionRow>> {
  const conditions = [sql`v.pacticipant_id = ${pacticipantId}`];
  if (filter.tag !== undefined) conditions.push(sql`EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = ${filter.tag})`);
  if (filter.branchId !== undefined)
    conditions.push(sql`EXISTS (SELECT 1 FROM branch_versions bv WHERE bv.version_id = v.id AND bv.branch_id = ${filter.branchId})`);
  const where = sql.join(conditions, sql` AND `);
  const rows = await db.rows<VersionRow>(
    sql`SELECT ${VERSION_COLUMNS_QUALIFIED} FROM versions v WHERE ${where} ORDER BY v.id DESC${limitClause(page)}`,
  );
  const count = await db.maybeOne<{ n: number }>(sql`SELECT count(*)::int AS n FROM versions v WHERE ${where}`);
  return { rows, total: count?.n ?? 0, page };
}

/** Sets the build URL of a version, creating the version (and pacticipant) when missing. */
export async function upsertVersion(
  db: Db,
  pacticipantName: string,
  number: string,
  buildUrl: string | null | undefined,
): Promise<{ pacticipant: PacticipantRow; version: VersionRow; created: boolean }> {
  const { pacticipant } = await findOrCreatePacticipant(db, pacticipantName);
  const { version, created } = await findOrCreateVersion(db, pacticipant.id, number, buildUrl);
  return { pacticipant, version, created };
}

export async function deleteVersion(db: Db, versionId: number): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM versions WHERE id = ${versionId}`)) > 0;
}

export async function versionsByIds(db: Db, ids: readonly number[]): Promise<Map<number, VersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<VersionRow>(sql`SELECT ${VERSION_COLUMNS_QUALIFIED} FROM versions v WHERE v.id = ANY(${ids}::int[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

export interface VersionKey {
  pacticipantName: string;
  number: string;
}

/** Versions by pacticipant name (case-insensitive) and number; keyed by `${lower(name)}\u0000${number}`. */
export async function versionsByNames(db: Db, keys: readonly VersionKey[]): Promise<Map<string, VersionRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.rows<VersionRow & { nameKey: string }>(sql`SELECT ${VERSION_COLUMNS_QUALIFIED}, p.name_key AS "nameKey"
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
       SELECT ${VERSION_COLUMNS_QUALIFIED}, row_number() OVER (PARTITION BY v.pacticipant_id ORDER BY v.id DESC)::int AS rn
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
