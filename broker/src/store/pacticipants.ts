// Pacticipants, their versions, tags and branches. Creation is find-or-create with
// INSERT ... ON CONFLICT, so parallel publishers of the same names never duplicate a row.
import type { Db } from './db.ts';
import { sql, type SqlFragment } from './sql.ts';

export interface PacticipantRow {
  id: number;
  name: string;
  displayName: string | null;
  repositoryUrl: string | null;
  repositoryName: string | null;
  repositoryNamespace: string | null;
  mainBranch: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionRow {
  id: number;
  pacticipantId: number;
  number: string;
  buildUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PACTICIPANT_COLUMNS = sql`id, name, display_name AS "displayName", repository_url AS "repositoryUrl",
  repository_name AS "repositoryName", repository_namespace AS "repositoryNamespace", main_branch AS "mainBranch",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS = sql`id, pacticipant_id AS "pacticipantId", number, build_url AS "buildUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS_QUALIFIED = sql`v.id, v.pacticipant_id AS "pacticipantId", v.number, v.build_url AS "buildUrl", v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

/** Names match case-insensitively (the Pact Broker's default). */
export const nameKey = (name: string): string => name.toLowerCase();

export async function findPacticipant(db: Db, name: string): Promise<PacticipantRow | undefined> {
  return db.maybeOne<PacticipantRow>(sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key = ${nameKey(name)}`);
}

export async function findPacticipantsByNames(db: Db, names: readonly string[]): Promise<Map<string, PacticipantRow>> {
  if (names.length === 0) return new Map();
  const rows = await db.rows<PacticipantRow>(
    sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key = ANY(${names.map(nameKey)}::text[])`,
  );
  return new Map(rows.map((r) => [nameKey(r.name), r]));
}

export async function findOrCreatePacticipant(db: Db, name: string): Promise<{ pacticipant: PacticipantRow; created: boolean }> {
  const inserted = await db.rows<PacticipantRow>(
    sql`INSERT INTO pacticipants (name, name_key) VALUES (${name}, ${nameKey(name)}) ON CONFLICT (name_key) DO NOTHING RETURNING ${PACTICIPANT_COLUMNS}`,
  );
  if (inserted[0]) return { pacticipant: inserted[0], created: true };
  const existing = await findPacticipant(db, name);
  if (!existing) throw new Error(`pacticipant ${name} vanished while being created`);
  return { pacticipant: existing, created: false };
}

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

/** Adds a tag to a version; `created` is false when the version already had it. */
export async function addTag(db: Db, version: Pick<VersionRow, 'id' | 'pacticipantId'>, tag: string): Promise<{ created: boolean }> {
  const count = await db.execute(
    sql`INSERT INTO tags (version_id, pacticipant_id, name) VALUES (${version.id}, ${version.pacticipantId}, ${tag}) ON CONFLICT (version_id, name) DO NOTHING`,
  );
  return { created: count > 0 };
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

// ---------------------------------------------------------------------------------------------
// Reads and writes behind the pacticipant, version, tag and branch resources.

export interface Page {
  /** 1-based page number. */
  number: number;
  size: number;
}

export interface Paged<T> {
  rows: T[];
  total: number;
  /** The page that was asked for, or undefined when the whole collection was returned. */
  page: Page | undefined;
}

/** ` LIMIT n OFFSET m` for a page, nothing for the whole collection. */
export const limitClause = (page: Page | undefined): SqlFragment =>
  page ? sql` LIMIT ${page.size} OFFSET ${(page.number - 1) * page.size}` : sql.empty;

export async function listPacticipants(db: Db, page?: Page): Promise<Paged<PacticipantRow>> {
  const rows = await db.rows<PacticipantRow>(sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants ORDER BY name_key${limitClause(page)}`);
  const count = await db.maybeOne<{ n: number }>(sql`SELECT count(*)::int AS n FROM pacticipants`);
  return { rows, total: count?.n ?? 0, page };
}

/** The attributes a client may set on a pacticipant (the Pact Broker's camelCase body keys). */
export interface PacticipantAttributes {
  displayName?: string | null;
  repositoryUrl?: string | null;
  repositoryName?: string | null;
  repositoryNamespace?: string | null;
  mainBranch?: string | null;
}

const ATTRIBUTE_COLUMNS: Record<keyof PacticipantAttributes, SqlFragment> = {
  displayName: sql`display_name`,
  repositoryUrl: sql`repository_url`,
  repositoryName: sql`repository_name`,
  repositoryNamespace: sql`repository_namespace`,
  mainBranch: sql`main_branch`,
};

/**
 * Sets attributes on a pacticipant, creating it when missing (PUT/PATCH /pacticipants/{name}).
 * `merge`: only the given keys change (PATCH); `replace`: keys not given become null (PUT).
 */
export async function upsertPacticipant(
  db: Db,
  name: string,
  attributes: PacticipantAttributes,
  mode: 'merge' | 'replace',
): Promise<{ pacticipant: PacticipantRow; created: boolean }> {
  const { pacticipant, created } = await findOrCreatePacticipant(db, name);
  const keys = (Object.keys(ATTRIBUTE_COLUMNS) as Array<keyof PacticipantAttributes>).filter(
    (k) => mode === 'replace' || attributes[k] !== undefined,
  );
  if (keys.length === 0) return { pacticipant, created };
  const sets = sql.join(keys.map((k) => sql`${ATTRIBUTE_COLUMNS[k]} = ${attributes[k] ?? null}`));
  const updated = await db.maybeOne<PacticipantRow>(
    sql`UPDATE pacticipants SET ${sets}, updated_at = now() WHERE id = ${pacticipant.id} RETURNING ${PACTICIPANT_COLUMNS}`,
  );
  return { pacticipant: updated ?? pacticipant, created };
}

/** Creates a pacticipant (POST /pacticipants); undefined when one with that name already exists. */
export async function createPacticipant(db: Db, name: string, attributes: PacticipantAttributes): Promise<PacticipantRow | undefined> {
  const keys = (Object.keys(ATTRIBUTE_COLUMNS) as Array<keyof PacticipantAttributes>).filter((k) => attributes[k] !== undefined);
  const columns = [sql`name`, sql`name_key`, ...keys.map((k) => ATTRIBUTE_COLUMNS[k])];
  const values = [name, nameKey(name), ...keys.map((k) => attributes[k] ?? null)];
  return db.maybeOne<PacticipantRow>(
    sql`INSERT INTO pacticipants (${sql.join(columns)}) VALUES (${sql.join(values.map((v) => sql`${v}`))})
     ON CONFLICT (name_key) DO NOTHING RETURNING ${PACTICIPANT_COLUMNS}`,
  );
}

/** Deletes a pacticipant and, by cascade, its versions, tags, branches, pacts, verifications and deployments. */
export async function deletePacticipant(db: Db, name: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM pacticipants WHERE name_key = ${nameKey(name)}`)) > 0;
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

export interface TagRow {
  versionId: number;
  name: string;
  createdAt: Date;
}

/** The tags of each given version, oldest first. */
export async function tagsOfVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, TagRow[]>> {
  const result = new Map<number, TagRow[]>();
  if (versionIds.length === 0) return result;
  const rows = await db.rows<TagRow>(
    sql`SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = ANY(${versionIds}::int[]) ORDER BY id`,
  );
  for (const row of rows) result.set(row.versionId, [...(result.get(row.versionId) ?? []), row]);
  return result;
}

export async function findTag(db: Db, versionId: number, name: string): Promise<TagRow | undefined> {
  return db.maybeOne<TagRow>(
    sql`SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = ${versionId} AND name = ${name}`,
  );
}

export async function deleteTag(db: Db, versionId: number, name: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM tags WHERE version_id = ${versionId} AND name = ${name}`)) > 0;
}

/** The labels of each given pacticipant, by name. */
export async function labelsOf(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (pacticipantIds.length === 0) return result;
  const rows = await db.rows<{ pacticipantId: number; name: string }>(
    sql`SELECT pacticipant_id AS "pacticipantId", name FROM pacticipant_labels WHERE pacticipant_id = ANY(${pacticipantIds}::int[]) ORDER BY name`,
  );
  for (const row of rows) result.set(row.pacticipantId, [...(result.get(row.pacticipantId) ?? []), row.name]);
  return result;
}

/** A pacticipant with what its representation embeds: its latest version and its labels. */
export interface PacticipantView {
  pacticipant: PacticipantRow;
  latestVersion: VersionRow | undefined;
  labels: string[];
}

export async function loadPacticipantViews(db: Db, pacticipants: readonly PacticipantRow[]): Promise<PacticipantView[]> {
  const ids = pacticipants.map((p) => p.id);
  const [latest, labels] = await Promise.all([latestVersionsOf(db, ids), labelsOf(db, ids)]);
  return pacticipants.map((pacticipant) => ({
    pacticipant,
    latestVersion: latest.get(pacticipant.id),
    labels: labels.get(pacticipant.id) ?? [],
  }));
}

/** Tags a version, creating the pacticipant and version when missing (PUT .../tags/{tag}). */
export async function tagVersion(
  db: Db,
  pacticipantName: string,
  number: string,
  tag: string,
): Promise<{ pacticipant: PacticipantRow; version: VersionRow; tag: TagRow; created: boolean }> {
  const { pacticipant, version } = await upsertVersion(db, pacticipantName, number, undefined);
  const { created } = await addTag(db, version, tag);
  const row = await findTag(db, version.id, tag);
  if (!row) throw new Error(`tag ${tag} vanished while being created`);
  return { pacticipant, version, tag: row, created };
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
