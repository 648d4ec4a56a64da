// What the /matrix body says of each version in its rows: tags, branches and current environments.
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';

// ---- version details for the response body ---------------------------------------------------------

export interface VersionDetails {
  tags: Array<{ name: string; latest: boolean }>;
  /** Oldest membership first; the last is the version's "branch". */
  branches: Array<{ name: string; latest: boolean }>;
  environments: Array<{ uuid: string; name: string; displayName: string | null; production: boolean }>;
}

/** Tags, branches and current environments of the listed versions, in one round trip. */
export async function findVersionDetails(db: Db, versionIds: readonly number[]): Promise<Map<number, VersionDetails>> {
  const result = new Map<number, VersionDetails>();
  if (versionIds.length === 0) return result;
  const ids = sql.param(versionIds);
  const rows = await db.hot.rows<{
    kind: 'tag' | 'branch' | 'environment';
    versionId: number;
    name: string;
    latest: boolean;
    uuid: string | null;
    displayName: string | null;
    production: boolean | null;
  }>(
    sql`SELECT 'tag' AS kind, t.version_id AS "versionId", t.name,
        t.version_id = (SELECT max(t2.version_id) FROM tags t2 WHERE t2.pacticipant_id = t.pacticipant_id AND t2.name = t.name) AS latest,
        NULL AS uuid, NULL AS "displayName", NULL::boolean AS production, t.id AS ord
       FROM tags t WHERE t.version_id = ANY(${ids}::int[])
     UNION ALL
     SELECT 'branch', bv.version_id, b.name,
        bv.version_id = (SELECT max(x.version_id) FROM branch_versions x WHERE x.branch_id = bv.branch_id), NULL, NULL, NULL, bv.id
       FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY(${ids}::int[])
     UNION ALL
     SELECT DISTINCT 'environment', x.version_id, e.name, false, e.uuid, e.display_name, e.production, 0
       FROM (SELECT version_id, environment_uuid FROM current_deployments WHERE version_id = ANY(${ids}::int[])
             UNION SELECT version_id, environment_uuid FROM released_versions WHERE version_id = ANY(${ids}::int[]) AND support_ended_at IS NULL) x
       JOIN environments e ON e.uuid = x.environment_uuid
     ORDER BY 1, 8`,
  );
  const detailsOf = (id: number) => {
    let d = result.get(id);
    if (!d) result.set(id, (d = { tags: [], branches: [], environments: [] }));
    return d;
  };
  for (const r of rows) {
    const d = detailsOf(r.versionId);
    if (r.kind === 'tag') d.tags.push({ name: r.name, latest: r.latest });
    else if (r.kind === 'branch') d.branches.push({ name: r.name, latest: r.latest });
    else d.environments.push({ uuid: r.uuid!, name: r.name, displayName: r.displayName, production: Boolean(r.production) });
  }
  return result;
}
