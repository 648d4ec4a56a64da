// Pacticipants (the Pact Broker's name for an application): find-or-create with INSERT ... ON CONFLICT, so
// parallel publishers of the same name never duplicate a row; attributes, lists, and the GraphQL batched reads.
// Their versions, tags, branches and labels have modules of their own beside this one.
import type { Db } from '../db.ts';
import { sql, type SqlFragment } from '../sql.ts';
import type { Page, Paged } from '../paging.ts';
import { limitClause } from '../paging.ts';

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

export const PACTICIPANT_COLUMNS = sql`id, name, display_name AS "displayName", repository_url AS "repositoryUrl",
  repository_name AS "repositoryName", repository_namespace AS "repositoryNamespace", main_branch AS "mainBranch",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

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
