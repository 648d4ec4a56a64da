// Pacticipants, their versions, tags and branches. Creation is find-or-create with
// INSERT ... ON CONFLICT, so parallel publishers of the same names never duplicate a row.
import type { Db } from './db.ts';

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

export const PACTICIPANT_COLUMNS = `id, name, display_name AS "displayName", repository_url AS "repositoryUrl",
  repository_name AS "repositoryName", repository_namespace AS "repositoryNamespace", main_branch AS "mainBranch",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS = `id, pacticipant_id AS "pacticipantId", number, build_url AS "buildUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS_QUALIFIED = `v.id, v.pacticipant_id AS "pacticipantId", v.number, v.build_url AS "buildUrl", v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

/** Names match case-insensitively (the Pact Broker's default). */
export const nameKey = (name: string): string => name.toLowerCase();

export async function findPacticipant(db: Db, name: string): Promise<PacticipantRow | undefined> {
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(
    `SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key = $1`,
    nameKey(name),
  );
  return rows[0];
}

export async function findPacticipantsByNames(db: Db, names: readonly string[]): Promise<Map<string, PacticipantRow>> {
  if (names.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(
    `SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key = ANY($1::text[])`,
    names.map(nameKey),
  );
  return new Map(rows.map((r) => [nameKey(r.name), r]));
}

export async function findOrCreatePacticipant(db: Db, name: string): Promise<{ pacticipant: PacticipantRow; created: boolean }> {
  const inserted = await db.$queryRawUnsafe<PacticipantRow[]>(
    `INSERT INTO pacticipants (name, name_key) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING RETURNING ${PACTICIPANT_COLUMNS}`,
    name,
    nameKey(name),
  );
  if (inserted[0]) return { pacticipant: inserted[0], created: true };
  const existing = await findPacticipant(db, name);
  if (!existing) throw new Error(`pacticipant ${name} vanished while being created`);
  return { pacticipant: existing, created: false };
}

export async function findVersion(db: Db, pacticipantId: number, number: string): Promise<VersionRow | undefined> {
  const rows = await db.$queryRawUnsafe<VersionRow[]>(
    `SELECT ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = $1 AND number = $2`,
    pacticipantId,
    number,
  );
  return rows[0];
}

export async function findOrCreateVersion(
  db: Db,
  pacticipantId: number,
  number: string,
  buildUrl?: string | null,
): Promise<{ version: VersionRow; created: boolean }> {
  const inserted = await db.$queryRawUnsafe<VersionRow[]>(
    `INSERT INTO versions (pacticipant_id, number, build_url) VALUES ($1, $2, $3)
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING ${VERSION_COLUMNS}`,
    pacticipantId,
    number,
    buildUrl ?? null,
  );
  if (inserted[0]) return { version: inserted[0], created: true };
  const existing = await findVersion(db, pacticipantId, number);
  if (!existing) throw new Error(`version ${number} vanished while being created`);
  if (buildUrl && existing.buildUrl !== buildUrl) {
    await db.$executeRawUnsafe(`UPDATE versions SET build_url = $2, updated_at = now() WHERE id = $1`, existing.id, buildUrl);
    existing.buildUrl = buildUrl;
  }
  return { version: existing, created: false };
}

/** Adds a tag to a version; `created` is false when the version already had it. */
export async function addTag(db: Db, version: Pick<VersionRow, 'id' | 'pacticipantId'>, tag: string): Promise<{ created: boolean }> {
  const count = await db.$executeRawUnsafe(
    `INSERT INTO tags (version_id, pacticipant_id, name) VALUES ($1, $2, $3) ON CONFLICT (version_id, name) DO NOTHING`,
    version.id,
    version.pacticipantId,
    tag,
  );
  return { created: count > 0 };
}

/** Adds a version to a branch, creating the branch if needed; `created` is false when it was already on it. */
export async function addToBranch(
  db: Db,
  version: Pick<VersionRow, 'id' | 'pacticipantId'>,
  branch: string,
): Promise<{ created: boolean }> {
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `INSERT INTO branches (pacticipant_id, name) VALUES ($1, $2)
     ON CONFLICT (pacticipant_id, name) DO UPDATE SET updated_at = now() RETURNING id`,
    version.pacticipantId,
    branch,
  );
  const branchId = rows[0]!.id;
  const count = await db.$executeRawUnsafe(
    `INSERT INTO branch_versions (branch_id, version_id, pacticipant_id) VALUES ($1, $2, $3) ON CONFLICT (branch_id, version_id) DO NOTHING`,
    branchId,
    version.id,
    version.pacticipantId,
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

const limitClause = (page: Page | undefined, firstParam: number): { sql: string; params: number[] } =>
  page
    ? { sql: ` LIMIT $${firstParam} OFFSET $${firstParam + 1}`, params: [page.size, (page.number - 1) * page.size] }
    : { sql: '', params: [] };

export async function listPacticipants(db: Db, page?: Page): Promise<Paged<PacticipantRow>> {
  const limit = limitClause(page, 1);
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(
    `SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants ORDER BY name_key${limit.sql}`,
    ...limit.params,
  );
  const [count] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM pacticipants`);
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

const ATTRIBUTE_COLUMNS: Record<keyof PacticipantAttributes, string> = {
  displayName: 'display_name',
  repositoryUrl: 'repository_url',
  repositoryName: 'repository_name',
  repositoryNamespace: 'repository_namespace',
  mainBranch: 'main_branch',
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
  const sets = keys.map((k, i) => `${ATTRIBUTE_COLUMNS[k]} = $${i + 2}`).join(', ');
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(
    `UPDATE pacticipants SET ${sets}, updated_at = now() WHERE id = $1 RETURNING ${PACTICIPANT_COLUMNS}`,
    pacticipant.id,
    ...keys.map((k) => attributes[k] ?? null),
  );
  return { pacticipant: rows[0] ?? pacticipant, created };
}

/** Creates a pacticipant (POST /pacticipants); undefined when one with that name already exists. */
export async function createPacticipant(db: Db, name: string, attributes: PacticipantAttributes): Promise<PacticipantRow | undefined> {
  const keys = (Object.keys(ATTRIBUTE_COLUMNS) as Array<keyof PacticipantAttributes>).filter((k) => attributes[k] !== undefined);
  const columns = ['name', 'name_key', ...keys.map((k) => ATTRIBUTE_COLUMNS[k])];
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(
    `INSERT INTO pacticipants (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (name_key) DO NOTHING RETURNING ${PACTICIPANT_COLUMNS}`,
    name,
    nameKey(name),
    ...keys.map((k) => attributes[k] ?? null),
  );
  return rows[0];
}

/** Deletes a pacticipant and, by cascade, its versions, tags, branches, pacts, verifications and deployments. */
export async function deletePacticipant(db: Db, name: string): Promise<boolean> {
  return (await db.$executeRawUnsafe(`DELETE FROM pacticipants WHERE name_key = $1`, nameKey(name))) > 0;
}

/** The latest (most recently created) version of each given pacticipant. */
export async function latestVersionsOf(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, VersionRow>> {
  if (pacticipantIds.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<VersionRow[]>(
    `SELECT DISTINCT ON (pacticipant_id) ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = ANY($1::int[]) ORDER BY pacticipant_id, id DESC`,
    [...pacticipantIds],
  );
  return new Map(rows.map((r) => [r.pacticipantId, r]));
}

/** The latest version of a pacticipant, or the latest one carrying `tag` when given. */
export async function findLatestVersion(db: Db, pacticipantId: number, tag?: string): Promise<VersionRow | undefined> {
  const rows =
    tag === undefined
      ? await db.$queryRawUnsafe<VersionRow[]>(
          `SELECT ${VERSION_COLUMNS} FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT 1`,
          pacticipantId,
        )
      : await db.$queryRawUnsafe<VersionRow[]>(
          `SELECT ${VERSION_COLUMNS} FROM versions WHERE id = (SELECT max(version_id) FROM tags WHERE pacticipant_id = $1 AND name = $2)`,
          pacticipantId,
          tag,
        );
  return rows[0];
}

export async function findVersionById(db: Db, id: number): Promise<VersionRow | undefined> {
  const rows = await db.$queryRawUnsafe<VersionRow[]>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE id = $1`, id);
  return rows[0];
}

/** Versions of a pacticipant, newest first; only those with `tag`, or on `branchId`, when given. */
export async function listVersions(
  db: Db,
  pacticipantId: number,
  filter: { tag?: string; branchId?: number } = {},
  page?: Page,
): Promise<Paged<VersionRow>> {
  const where = [`v.pacticipant_id = $1`];
  const params: unknown[] = [pacticipantId];
  if (filter.tag !== undefined) {
    params.push(filter.tag);
    where.push(`EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = $${params.length})`);
  }
  if (filter.branchId !== undefined) {
    params.push(filter.branchId);
    where.push(`EXISTS (SELECT 1 FROM branch_versions bv WHERE bv.version_id = v.id AND bv.branch_id = $${params.length})`);
  }
  const limit = limitClause(page, params.length + 1);
  const rows = await db.$queryRawUnsafe<VersionRow[]>(
    `SELECT ${VERSION_COLUMNS_QUALIFIED} FROM versions v WHERE ${where.join(' AND ')} ORDER BY v.id DESC${limit.sql}`,
    ...params,
    ...limit.params,
  );
  const [count] = await db.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM versions v WHERE ${where.join(' AND ')}`,
    ...params,
  );
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
  return (await db.$executeRawUnsafe(`DELETE FROM versions WHERE id = $1`, versionId)) > 0;
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
  const rows = await db.$queryRawUnsafe<TagRow[]>(
    `SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = ANY($1::int[]) ORDER BY id`,
    [...versionIds],
  );
  for (const row of rows) result.set(row.versionId, [...(result.get(row.versionId) ?? []), row]);
  return result;
}

export async function findTag(db: Db, versionId: number, name: string): Promise<TagRow | undefined> {
  const rows = await db.$queryRawUnsafe<TagRow[]>(
    `SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = $1 AND name = $2`,
    versionId,
    name,
  );
  return rows[0];
}

export async function deleteTag(db: Db, versionId: number, name: string): Promise<boolean> {
  return (await db.$executeRawUnsafe(`DELETE FROM tags WHERE version_id = $1 AND name = $2`, versionId, name)) > 0;
}

/** The labels of each given pacticipant, by name. */
export async function labelsOf(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (pacticipantIds.length === 0) return result;
  const rows = await db.$queryRawUnsafe<Array<{ pacticipantId: number; name: string }>>(
    `SELECT pacticipant_id AS "pacticipantId", name FROM pacticipant_labels WHERE pacticipant_id = ANY($1::int[]) ORDER BY name`,
    [...pacticipantIds],
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
