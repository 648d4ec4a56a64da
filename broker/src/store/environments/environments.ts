// Environments (where versions are deployed or released). The uuid is the public identifier;
// the name is unique, which the database enforces so parallel creators cannot duplicate it.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db.ts';
import { isUniqueViolation } from '../database-errors.ts';
import { jsonbText, sql } from '../sql.ts';
import { type SqlFragment } from '../sql.ts';

export interface EnvironmentContact {
  name: string;
  details?: Record<string, unknown>;
}

export interface EnvironmentRow {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
  contacts: EnvironmentContact[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnvironmentInput {
  name: string;
  displayName?: string | null;
  production: boolean;
  contacts?: EnvironmentContact[] | null;
}

/** `uuid-taken` and `name-taken` are the two ways a create or update conflicts with another environment. */
export type EnvironmentWriteResult =
  { ok: true; environment: EnvironmentRow } | { ok: false; reason: 'name-taken' | 'uuid-taken'; existing: EnvironmentRow | undefined };

export const ENVIRONMENT_COLUMNS = sql`uuid, name, display_name AS "displayName", production, contacts, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function listEnvironments(db: Db, filter: { name?: string } = {}): Promise<EnvironmentRow[]> {
  if (filter.name !== undefined)
    return db.rows<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments WHERE name = ${filter.name}`);
  return db.rows<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments ORDER BY name`);
}

export async function findEnvironment(db: Db, uuid: string): Promise<EnvironmentRow | undefined> {
  return db.maybeOne<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments WHERE uuid = ${uuid}`);
}

export async function findEnvironmentByName(db: Db, name: string): Promise<EnvironmentRow | undefined> {
  return db.maybeOne<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments WHERE name = ${name}`);
}

/** Creates an environment; `uuid` may be chosen by the caller (provider states, imports). */
export async function createEnvironment(db: Db, input: EnvironmentInput & { uuid?: string }): Promise<EnvironmentWriteResult> {
  const uuid = input.uuid ?? randomUUID();
  // ON CONFLICT without a target covers both the uuid and the name, and keeps a surrounding transaction usable.
  const rows =
    await db.rows<EnvironmentRow>(sql`INSERT INTO environments (uuid, name, display_name, production, contacts) VALUES (${uuid}, ${input.name}, ${input.displayName ?? null}, ${input.production}, ${jsonbText(input.contacts)}::jsonb)
     ON CONFLICT DO NOTHING RETURNING ${ENVIRONMENT_COLUMNS}`);
  return rows[0] ? { ok: true, environment: rows[0] } : conflictFor(db, input.name, uuid);
}

/**
 * Replaces an environment's attributes (PUT); undefined when there is no environment with that uuid.
 * A name clash is caught from the unique index, so call this outside a transaction.
 */
export async function updateEnvironment(db: Db, uuid: string, input: EnvironmentInput): Promise<EnvironmentWriteResult | undefined> {
  try {
    const rows = await db.rows<EnvironmentRow>(
      sql`UPDATE environments SET name = ${input.name}, display_name = ${input.displayName ?? null}, production = ${input.production}, contacts = ${jsonbText(input.contacts)}::jsonb, updated_at = now() WHERE uuid = ${uuid} RETURNING ${ENVIRONMENT_COLUMNS}`,
    );
    return rows[0] ? { ok: true, environment: rows[0] } : undefined;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return conflictFor(db, input.name, undefined);
  }
}

/** Deletes an environment with its deployment and release history. */
export async function deleteEnvironment(db: Db, uuid: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM environments WHERE uuid = ${uuid}`)) > 0;
}

async function conflictFor(db: Db, name: string, uuid: string | undefined): Promise<EnvironmentWriteResult> {
  const byName = await findEnvironmentByName(db, name);
  if (byName) return { ok: false, reason: 'name-taken', existing: byName };
  return { ok: false, reason: 'uuid-taken', existing: uuid ? await findEnvironment(db, uuid) : undefined };
}

export async function environmentsByUuids(db: Db, uuids: readonly string[]): Promise<Map<string, EnvironmentRow>> {
  if (uuids.length === 0) return new Map();
  const rows = await db.rows<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments WHERE uuid = ANY(${uuids}::text[])`);
  return new Map(rows.map((r) => [r.uuid, r]));
}

export async function environmentsByNames(db: Db, names: readonly string[]): Promise<Map<string, EnvironmentRow>> {
  if (names.length === 0) return new Map();
  const rows = await db.rows<EnvironmentRow>(sql`SELECT ${ENVIRONMENT_COLUMNS} FROM environments WHERE name = ANY(${names}::text[])`);
  return new Map(rows.map((r) => [r.name, r]));
}

export interface EnvironmentSummary {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
}

export const ENVIRONMENT_JSON = sql`json_build_object('uuid', e.uuid, 'name', e.name, 'displayName', e.display_name, 'production', e.production) AS environment`;

/** Which rows a batched deployment/release lookup groups by. */
export type DeploymentScope = 'version' | 'pacticipant' | 'environment';

/** `<table>.<scope's column> = ANY(keys)`. */
export function inScope(table: SqlFragment, scope: DeploymentScope, keys: ReadonlyArray<number | string>): SqlFragment {
  switch (scope) {
    case 'version':
      return sql`${table}.version_id = ANY(${keys}::int[])`;
    case 'pacticipant':
      return sql`${table}.pacticipant_id = ANY(${keys}::int[])`;
    case 'environment':
      return sql`${table}.environment_uuid = ANY(${keys}::text[])`;
  }
}

export function keyOf<K extends number | string>(
  scope: DeploymentScope,
  row: { versionId: number; pacticipantId: number; environmentUuid: string },
): K {
  return (scope === 'version' ? row.versionId : scope === 'pacticipant' ? row.pacticipantId : row.environmentUuid) as K;
}
