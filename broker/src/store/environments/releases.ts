// Released versions (pact-broker record-release / record-support-ended): a version is released to an environment
// once, and stays supported until support ends. The REST resources' reads and writes, and GraphQL's batched reads.
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../errors.ts';
import type { Db } from '../db.ts';
import { requireEnvironment, requireVersion } from '../pacticipants/lookups.ts';
import { nameKey } from '../pacticipants/pacticipants.ts';
import { groupBy } from '../group-by.ts';
import { sql } from '../sql.ts';
import type { EnvironmentSummary, DeploymentScope } from './environments.ts';
import { ENVIRONMENT_JSON, inScope, keyOf } from './environments.ts';
import type { DeployedVersionView } from './deployments.ts';
import { listDeploymentsOfVersionTo } from './deployments.ts';

export interface ReleasedVersionView {
  uuid: string;
  versionId: number;
  pacticipantName: string;
  versionNumber: string;
  environment: EnvironmentSummary;
  currentlySupported: boolean;
  supportEndedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const RELEASED_SELECT = sql`SELECT r.uuid, r.version_id AS "versionId", p.name AS "pacticipantName", v.number AS "versionNumber", ${ENVIRONMENT_JSON},
    (r.support_ended_at IS NULL) AS "currentlySupported", r.support_ended_at AS "supportEndedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
  FROM released_versions r
  JOIN versions v ON v.id = r.version_id
  JOIN pacticipants p ON p.id = v.pacticipant_id
  JOIN environments e ON e.uuid = r.environment_uuid`;

export async function findReleasedVersion(db: Db, uuid: string): Promise<ReleasedVersionView | undefined> {
  return db.maybeOne<ReleasedVersionView>(sql`${RELEASED_SELECT} WHERE r.uuid = ${uuid}`);
}

/**
 * Records that a version is released to an environment (pact-broker record-release). Releases
 * accumulate; releasing a version again returns its release, with support reinstated if it had ended.
 */
export async function recordRelease(
  db: Db,
  input: { versionId: number; pacticipantId: number; environmentUuid: string; uuid?: string },
): Promise<{ releasedVersion: ReleasedVersionView; created: boolean }> {
  const row = await db.maybeOne<{
    uuid: string;
    created: boolean;
  }>(sql`INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_uuid) VALUES (${input.uuid ?? randomUUID()}, ${input.versionId}, ${input.pacticipantId}, ${input.environmentUuid})
     ON CONFLICT (version_id, environment_uuid) DO UPDATE SET support_ended_at = NULL,
       updated_at = CASE WHEN released_versions.support_ended_at IS NULL THEN released_versions.updated_at ELSE now() END
     RETURNING uuid, (xmax = 0) AS created`);
  const releasedVersion = row && (await findReleasedVersion(db, row.uuid));
  if (!row || !releasedVersion) throw new Error('released version vanished after being recorded');
  return { releasedVersion, created: row.created };
}

/** Sets whether a release is still supported (pact-broker record-support-ended sets false). */
export async function setReleaseSupported(db: Db, uuid: string, supported: boolean): Promise<ReleasedVersionView | undefined> {
  await db.execute(
    supported
      ? sql`UPDATE released_versions SET support_ended_at = NULL, updated_at = now() WHERE uuid = ${uuid} AND support_ended_at IS NOT NULL`
      : sql`UPDATE released_versions SET support_ended_at = now(), updated_at = now() WHERE uuid = ${uuid} AND support_ended_at IS NULL`,
  );
  return findReleasedVersion(db, uuid);
}

export interface CurrentlySupportedFilter {
  pacticipantName?: string;
  versionNumber?: string;
}

export async function listCurrentlySupported(
  db: Db,
  environmentUuid: string,
  filter: CurrentlySupportedFilter = {},
): Promise<ReleasedVersionView[]> {
  const where = [sql`r.environment_uuid = ${environmentUuid}`, sql`r.support_ended_at IS NULL`];
  if (filter.pacticipantName !== undefined) where.push(sql`p.name_key = ${nameKey(filter.pacticipantName)}`);
  if (filter.versionNumber !== undefined) where.push(sql`v.number = ${filter.versionNumber}`);
  return db.rows<ReleasedVersionView>(sql`${RELEASED_SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY r.created_at, r.uuid`);
}

/** Every release of one version to one environment (zero or one, as releases are unique per pair). */
export async function listReleasesOfVersionTo(db: Db, versionId: number, environmentUuid: string): Promise<ReleasedVersionView[]> {
  return db.rows<ReleasedVersionView>(
    sql`${RELEASED_SELECT} WHERE r.version_id = ${versionId} AND r.environment_uuid = ${environmentUuid}`,
  );
}

export async function releasesOfVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, ReleasedVersionView[]>> {
  const rows = versionIds.length
    ? await db.rows<ReleasedVersionView>(
        sql`${RELEASED_SELECT} WHERE r.version_id = ANY(${versionIds}::int[]) ORDER BY r.created_at, r.uuid`,
      )
    : [];
  return groupBy(rows, (r) => r.versionId);
}

/** POST .../versions/{v}/released-versions/environment/{uuid}: 404 unless both the version and the environment exist. */
export async function recordReleaseOf(
  db: Db,
  input: { pacticipantName: string; versionNumber: string; environmentUuid: string },
): Promise<{ releasedVersion: ReleasedVersionView; created: boolean }> {
  const { version } = await requireVersion(db, input.pacticipantName, input.versionNumber);
  const environment = await requireEnvironment(db, input.environmentUuid);
  return recordRelease(db, { versionId: version.id, pacticipantId: version.pacticipantId, environmentUuid: environment.uuid });
}

export async function requireReleasedVersion(db: Db, uuid: string): Promise<ReleasedVersionView> {
  const found = await findReleasedVersion(db, uuid);
  if (!found)
    throw new NotFoundError(
      `No released version with uuid '${uuid}'. Find supported releases with GET /environments/{uuid}/released-versions/currently-supported.`,
    );
  return found;
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

const RELEASE_SELECT = sql`SELECT r.uuid, r.version_id AS "versionId", r.pacticipant_id AS "pacticipantId", r.environment_uuid AS "environmentUuid",
    (r.support_ended_at IS NULL) AS "currentlySupported", r.created_at AS "createdAt", r.support_ended_at AS "supportEndedAt"
  FROM released_versions r`;

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

/** GET .../versions/{v}/deployed-versions/environment/{uuid} and its released-versions twin. */
export async function loadDeploymentsOfVersionTo(
  db: Db,
  input: { pacticipantName: string; versionNumber: string; environmentUuid: string },
): Promise<{ deployed: DeployedVersionView[]; released: ReleasedVersionView[] }> {
  const { version } = await requireVersion(db, input.pacticipantName, input.versionNumber);
  const environment = await requireEnvironment(db, input.environmentUuid);
  const [deployed, released] = await Promise.all([
    listDeploymentsOfVersionTo(db, version.id, environment.uuid),
    listReleasesOfVersionTo(db, version.id, environment.uuid),
  ]);
  return { deployed, released };
}
