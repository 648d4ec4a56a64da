// Batched reads behind the GraphQL API's environments, deployed and released versions (one round
// trip per call, keyed lists in, maps out).
import type { Db } from './db.ts';
import type { EnvironmentRow } from './environments.ts';
import { sql, type SqlFragment } from './sql.ts';

const ENVIRONMENT_COLUMNS = sql`uuid, name, display_name AS "displayName", production, contacts, created_at AS "createdAt", updated_at AS "updatedAt"`;

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

export interface GraphqlDeploymentRow {
  uuid: string;
  versionId: number;
  pacticipantId: number;
  environmentUuid: string;
  applicationInstance: string | null;
  currentlyDeployed: boolean;
  createdAt: Date;
  undeployedAt: Date | null;
}

export interface GraphqlReleaseRow {
  uuid: string;
  versionId: number;
  pacticipantId: number;
  environmentUuid: string;
  currentlySupported: boolean;
  createdAt: Date;
  supportEndedAt: Date | null;
}

const DEPLOYMENT_SELECT = sql`SELECT d.uuid, d.version_id AS "versionId", d.pacticipant_id AS "pacticipantId", d.environment_uuid AS "environmentUuid",
    d.application_instance AS "applicationInstance", (cd.deployed_version_uuid IS NOT NULL) AS "currentlyDeployed",
    d.created_at AS "createdAt", d.undeployed_at AS "undeployedAt"
  FROM deployed_versions d LEFT JOIN current_deployments cd ON cd.deployed_version_uuid = d.uuid`;
const RELEASE_SELECT = sql`SELECT r.uuid, r.version_id AS "versionId", r.pacticipant_id AS "pacticipantId", r.environment_uuid AS "environmentUuid",
    (r.support_ended_at IS NULL) AS "currentlySupported", r.created_at AS "createdAt", r.support_ended_at AS "supportEndedAt"
  FROM released_versions r`;

/** Which rows a batched deployment/release lookup groups by. */
export type DeploymentScope = 'version' | 'pacticipant' | 'environment';

/** `<table>.<scope's column> = ANY(keys)`. */
function inScope(table: SqlFragment, scope: DeploymentScope, keys: ReadonlyArray<number | string>): SqlFragment {
  switch (scope) {
    case 'version':
      return sql`${table}.version_id = ANY(${keys}::int[])`;
    case 'pacticipant':
      return sql`${table}.pacticipant_id = ANY(${keys}::int[])`;
    case 'environment':
      return sql`${table}.environment_uuid = ANY(${keys}::text[])`;
  }
}

function keyOf<K extends number | string>(
  scope: DeploymentScope,
  row: { versionId: number; pacticipantId: number; environmentUuid: string },
): K {
  return (scope === 'version' ? row.versionId : scope === 'pacticipant' ? row.pacticipantId : row.environmentUuid) as K;
}

/**
 * Deployments grouped by version, pacticipant or environment; `currentOnly` keeps those still
 * deployed. Current deployments come first, then newest first.
 */
export async function deploymentsBy<K extends number | string>(
  db: Db,
  scope: DeploymentScope,
  keys: readonly K[],
  currentOnly: boolean,
): Promise<Map<K, GraphqlDeploymentRow[]>> {
  const result = new Map<K, GraphqlDeploymentRow[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return result;
  const rows = await db.rows<GraphqlDeploymentRow>(sql`${DEPLOYMENT_SELECT}
     WHERE ${inScope(sql`d`, scope, keys)} ${currentOnly ? sql`AND cd.deployed_version_uuid IS NOT NULL` : sql.empty}
     ORDER BY (cd.deployed_version_uuid IS NOT NULL) DESC, d.created_at DESC, d.uuid`);
  for (const row of rows) result.get(keyOf<K>(scope, row))?.push(row);
  return result;
}

/** Releases grouped by version, pacticipant or environment; `currentOnly` keeps those still supported. */
export async function releasesBy<K extends number | string>(
  db: Db,
  scope: DeploymentScope,
  keys: readonly K[],
  currentOnly: boolean,
): Promise<Map<K, GraphqlReleaseRow[]>> {
  const result = new Map<K, GraphqlReleaseRow[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return result;
  const rows = await db.rows<GraphqlReleaseRow>(sql`${RELEASE_SELECT}
     WHERE ${inScope(sql`r`, scope, keys)} ${currentOnly ? sql`AND r.support_ended_at IS NULL` : sql.empty}
     ORDER BY (r.support_ended_at IS NULL) DESC, r.created_at DESC, r.uuid`);
  for (const row of rows) result.get(keyOf<K>(scope, row))?.push(row);
  return result;
}
