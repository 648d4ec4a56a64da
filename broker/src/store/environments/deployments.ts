// Deployed and released versions. A deployment occupies a slot (pacticipant, environment,
// application instance; '' for none) in current_deployments, whose primary key makes "a new
// deployment replaces the previous one in its slot" safe under concurrent record-deployment calls.
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../errors.ts';
import type { Db } from '../db.ts';
import { requireEnvironment, requireVersion } from '../pacticipants/lookups.ts';
import { nameKey } from '../pacticipants/pacticipants.ts';
import { groupBy } from '../group-by.ts';
import { sql } from '../sql.ts';
import { ENVIRONMENT_JSON, inScope, keyOf, type DeploymentScope, type EnvironmentSummary } from './environments.ts';

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

const DEPLOYED_SELECT = sql`SELECT d.uuid, d.version_id AS "versionId", p.name AS "pacticipantName", v.number AS "versionNumber", ${ENVIRONMENT_JSON},
    d.application_instance AS "applicationInstance", (cd.deployed_version_uuid IS NOT NULL) AS "currentlyDeployed",
    d.undeployed_at AS "undeployedAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
  FROM deployed_versions d
  JOIN versions v ON v.id = d.version_id
  JOIN pacticipants p ON p.id = v.pacticipant_id
  JOIN environments e ON e.uuid = d.environment_uuid
  LEFT JOIN current_deployments cd ON cd.deployed_version_uuid = d.uuid`;

export async function findDeployedVersion(db: Db, uuid: string): Promise<DeployedVersionView | undefined> {
  return db.maybeOne<DeployedVersionView>(sql`${DEPLOYED_SELECT} WHERE d.uuid = ${uuid}`);
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

export async function requireDeployedVersion(db: Db, uuid: string): Promise<DeployedVersionView> {
  const found = await findDeployedVersion(db, uuid);
  if (!found)
    throw new NotFoundError(
      `No deployed version with uuid '${uuid}'. Find current deployments with GET /environments/{uuid}/deployed-versions/currently-deployed.`,
    );
  return found;
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

const DEPLOYMENT_SELECT = sql`SELECT d.uuid, d.version_id AS "versionId", d.pacticipant_id AS "pacticipantId", d.environment_uuid AS "environmentUuid",
    d.application_instance AS "applicationInstance", (cd.deployed_version_uuid IS NOT NULL) AS "currentlyDeployed",
    d.created_at AS "createdAt", d.undeployed_at AS "undeployedAt"
  FROM deployed_versions d LEFT JOIN current_deployments cd ON cd.deployed_version_uuid = d.uuid`;

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
