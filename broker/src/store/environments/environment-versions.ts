// The versions each environment runs now (current deployments and supported releases), for environment health and
// promotion planning (domain/matrix/environment-health.ts): one set-based statement for any number of environments.
import type { EnvironmentVersion } from '../../domain/matrix/environment-health.ts';
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';

/** Keyed by environment uuid; every uuid asked for has an entry (empty when nothing runs there). */
export async function versionsInEnvironments(db: Db, environmentUuids: readonly string[]): Promise<Map<string, EnvironmentVersion[]>> {
  const result = new Map<string, EnvironmentVersion[]>(environmentUuids.map((uuid) => [uuid, []]));
  if (environmentUuids.length === 0) return result;
  const rows = await db.rows<EnvironmentVersion & { environmentUuid: string }>(
    sql`SELECT x.environment_uuid AS "environmentUuid", x.pacticipant_id AS "pacticipantId", p.name AS "pacticipantName",
          x.version_id AS "versionId", v.number AS "versionNumber"
        FROM (
          SELECT environment_uuid, pacticipant_id, version_id FROM current_deployments
            WHERE environment_uuid = ANY(${[...environmentUuids]}::text[])
          UNION
          SELECT environment_uuid, pacticipant_id, version_id FROM released_versions
            WHERE environment_uuid = ANY(${[...environmentUuids]}::text[]) AND support_ended_at IS NULL
        ) x
        JOIN pacticipants p ON p.id = x.pacticipant_id
        JOIN versions v ON v.id = x.version_id
        ORDER BY p.name, x.version_id`,
  );
  for (const { environmentUuid, ...version } of rows) result.get(environmentUuid)!.push(version);
  return result;
}
