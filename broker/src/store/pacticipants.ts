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

const PACTICIPANT_COLUMNS = `id, name, display_name AS "displayName", repository_url AS "repositoryUrl",
  repository_name AS "repositoryName", repository_namespace AS "repositoryNamespace", main_branch AS "mainBranch",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const VERSION_COLUMNS = `id, pacticipant_id AS "pacticipantId", number, build_url AS "buildUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Names match case-insensitively (the Pact Broker's default). */
export const nameKey = (name: string): string => name.toLowerCase();

export async function findPacticipant(db: Db, name: string): Promise<PacticipantRow | undefined> {
  const rows = await db.$queryRawUnsafe<PacticipantRow[]>(`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE name_key = $1`, nameKey(name));
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
export async function addToBranch(db: Db, version: Pick<VersionRow, 'id' | 'pacticipantId'>, branch: string): Promise<{ created: boolean }> {
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
