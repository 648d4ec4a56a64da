// Deployed and released versions. A deployment occupies a slot (pacticipant, environment,
// application instance; '' for none) in current_deployments, whose primary key makes "a new
// deployment replaces the previous one in its slot" safe under concurrent record-deployment calls.
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.ts';
import type { Db } from './db.ts';
import { requireEnvironment, requireVersion } from './lookups.ts';
import { nameKey } from './pacticipants.ts';
import { groupBy } from './group-by.ts';
import { sql } from './sql.ts';

export interface EnvironmentSummary {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
}

/** A deployed version with what its representation embeds. */
export interface DeployedVersionView {
  uuid: string;
  versionId: number;
  pacticipantName: string;
  versionNumber: string;
  environment: EnvironmentSummary;
  applicationInstance: string | null;
  currentlyDeployed: boolean;
  undeployedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

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

const ENVIRONMENT_JSON = sql`json_build_object('uuid', e.uuid, 'name', e.name, 'displayName', e.display_name, 'production', e.production) AS environment`;

const DEPLOYED_SELECT = sql`SELECT d.uuid, d.version_id AS "versionId", p.name AS "pacticipantName", v.number AS "versionNumber", ${ENVIRONMENT_JSON},
    d.application_instance AS "applicationInstance", (cd.deployed_version_uuid IS NOT NULL) AS "currentlyDeployed",
    d.undeployed_at AS "undeployedAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
  FROM deployed_versions d
  JOIN versions v ON v.id = d.version_id
  JOIN pacticipants p ON p.id = v.pacticipant_id
  JOIN environments e ON e.uuid = d.environment_uuid
  LEFT JOIN current_deployments cd ON cd.deployed_version_uuid = d.uuid`;

const RELEASED_SELECT = sql`SELECT r.uuid, r.version_id AS "versionId", p.name AS "pacticipantName", v.number AS "versionNumber", ${ENVIRONMENT_JSON},
    (r.support_ended_at IS NULL) AS "currentlySupported", r.support_ended_at AS "supportEndedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
  FROM released_versions r
  JOIN versions v ON v.id = r.version_id
  JOIN pacticipants p ON p.id = v.pacticipant_id
  JOIN environments e ON e.uuid = r.environment_uuid`;

export async function findDeployedVersion(db: Db, uuid: string): Promise<DeployedVersionView | undefined> {
  return db.maybeOne<DeployedVersionView>(sql`${DEPLOYED_SELECT} WHERE d.uuid = ${uuid}`);
}

export async function findReleasedVersion(db: Db, uuid: string): Promise<ReleasedVersionView | undefined> {
  return db.maybeOne<ReleasedVersionView>(sql`${RELEASED_SELECT} WHERE r.uuid = ${uuid}`);
}

class SlotTakenConcurrently extends Error {}

/**
 * Records that a version is deployed to an environment (pact-broker record-deployment). When the
 * same version is already current in the slot, the existing record is returned (`created: false`);
 * otherwise the slot's previous deployment is marked undeployed and a new one is created.
 */
export async function recordDeployment(
  db: Db,
  input: { versionId: number; pacticipantId: number; environmentUuid: string; applicationInstance: string | null; uuid?: string },
): Promise<{ deployedVersion: DeployedVersionView; created: boolean }> {
  const slot = sql`environment_uuid = ${input.environmentUuid} AND pacticipant_id = ${input.pacticipantId}
    AND application_instance = ${input.applicationInstance ?? ''}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await db.transaction(async (tx) => {
        const current = await tx.maybeOne<{ uuid: string; versionId: number }>(
          sql`SELECT deployed_version_uuid AS uuid, version_id AS "versionId" FROM current_deployments WHERE ${slot} FOR UPDATE`,
        );
        if (current?.versionId === input.versionId) return { uuid: current.uuid, created: false };
        const uuid = input.uuid ?? randomUUID();
        await tx.execute(
          sql`INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance)
              VALUES (${uuid}, ${input.versionId}, ${input.pacticipantId}, ${input.environmentUuid}, ${input.applicationInstance})`,
        );
        if (current) {
          await tx.execute(sql`UPDATE deployed_versions SET undeployed_at = now(), updated_at = now() WHERE uuid = ${current.uuid}`);
          await tx.execute(
            sql`UPDATE current_deployments SET deployed_version_uuid = ${uuid}, version_id = ${input.versionId} WHERE ${slot}`,
          );
          return { uuid, created: true };
        }
        const inserted = await tx.execute(
          sql`INSERT INTO current_deployments (environment_uuid, pacticipant_id, application_instance, deployed_version_uuid, version_id)
              VALUES (${input.environmentUuid}, ${input.pacticipantId}, ${input.applicationInstance ?? ''}, ${uuid}, ${input.versionId})
              ON CONFLICT DO NOTHING`,
        );
        // Another transaction filled the empty slot first: roll back and look again.
        if (inserted === 0) throw new SlotTakenConcurrently();
        return { uuid, created: true };
      });
      const deployedVersion = await findDeployedVersion(db, outcome.uuid);
      if (!deployedVersion) throw new Error(`deployed version ${outcome.uuid} vanished after being recorded`);
      return { deployedVersion, created: outcome.created };
    } catch (err) {
      if (!(err instanceof SlotTakenConcurrently) || attempt >= 10) throw err;
    }
  }
}

/** Marks a deployment as no longer current (pact-broker record-undeployment); frees its slot. */
export async function recordUndeployment(db: Db, uuid: string): Promise<DeployedVersionView | undefined> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM current_deployments WHERE deployed_version_uuid = ${uuid}`);
    await tx.execute(
      sql`UPDATE deployed_versions SET undeployed_at = now(), updated_at = now() WHERE uuid = ${uuid} AND undeployed_at IS NULL`,
    );
  });
  return findDeployedVersion(db, uuid);
}

/** Filters for the currently-deployed list. `applicationInstance: null` selects deployments without an instance. */
export interface CurrentlyDeployedFilter {
  pacticipantName?: string;
  applicationInstance?: string | null;
}

export async function listCurrentlyDeployed(
  db: Db,
  environmentUuid: string,
  filter: CurrentlyDeployedFilter = {},
): Promise<DeployedVersionView[]> {
  const where = [sql`d.environment_uuid = ${environmentUuid}`, sql`cd.deployed_version_uuid IS NOT NULL`];
  if (filter.pacticipantName !== undefined) where.push(sql`p.name_key = ${nameKey(filter.pacticipantName)}`);
  if (filter.applicationInstance === null) where.push(sql`d.application_instance IS NULL`);
  else if (filter.applicationInstance !== undefined) where.push(sql`d.application_instance = ${filter.applicationInstance}`);
  return db.rows<DeployedVersionView>(sql`${DEPLOYED_SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY d.created_at, d.uuid`);
}

/** Every deployment (current or not) of one version to one environment, newest first. */
export async function listDeploymentsOfVersionTo(db: Db, versionId: number, environmentUuid: string): Promise<DeployedVersionView[]> {
  return db.rows<DeployedVersionView>(
    sql`${DEPLOYED_SELECT} WHERE d.version_id = ${versionId} AND d.environment_uuid = ${environmentUuid} ORDER BY d.created_at DESC, d.uuid`,
  );
}

/** The deployments of each given version (for the version resource's pb:deployed-environments). */
export async function deploymentsOfVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, DeployedVersionView[]>> {
  const rows = versionIds.length
    ? await db.rows<DeployedVersionView>(
        sql`${DEPLOYED_SELECT} WHERE d.version_id = ANY(${versionIds}::int[]) ORDER BY d.created_at, d.uuid`,
      )
    : [];
  return groupBy(rows, (r) => r.versionId);
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

/** POST .../versions/{v}/deployed-versions/environment/{uuid}: 404 unless both the version and the environment exist. */
export async function recordDeploymentOf(
  db: Db,
  input: { pacticipantName: string; versionNumber: string; environmentUuid: string; applicationInstance: string | null },
): Promise<{ deployedVersion: DeployedVersionView; created: boolean }> {
  const { version } = await requireVersion(db, input.pacticipantName, input.versionNumber);
  const environment = await requireEnvironment(db, input.environmentUuid);
  return recordDeployment(db, {
    versionId: version.id,
    pacticipantId: version.pacticipantId,
    environmentUuid: environment.uuid,
    applicationInstance: input.applicationInstance,
  });
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

export async function requireDeployedVersion(db: Db, uuid: string): Promise<DeployedVersionView> {
  const found = await findDeployedVersion(db, uuid);
  if (!found)
    throw new NotFoundError(
      `No deployed version with uuid '${uuid}'. Find current deployments with GET /environments/{uuid}/deployed-versions/currently-deployed.`,
    );
  return found;
}

export async function requireReleasedVersion(db: Db, uuid: string): Promise<ReleasedVersionView> {
  const found = await findReleasedVersion(db, uuid);
  if (!found)
    throw new NotFoundError(
      `No released version with uuid '${uuid}'. Find supported releases with GET /environments/{uuid}/released-versions/currently-supported.`,
    );
  return found;
}
