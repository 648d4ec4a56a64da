// The matrix's hand-written SQL (the hot path of can-i-deploy). Implements domain/matrix's MatrixReader.
// Every method is one round trip; selectors are resolved to version ids once and the row query only
// compares ids, so each lookup walks an index:
//   versions(pacticipant_id, id) / (pacticipant_id, number)   latest / exact version
//   tags(pacticipant_id, name, version_id)                     latest / all with tag
//   branches(pacticipant_id, name) + branch_versions(branch_id, version_id)   branch head / members
//   current_deployments PK(environment_uuid, pacticipant_id, ..), released_versions(environment_uuid, pacticipant_id)
//   pact_publications(consumer_version_id, provider_id) / (consumer_id, consumer_version_id)
//   latest_verifications PK(pact_version_id, provider_version_id) — the LATERAL join per publication
//   latest_verifications(provider_version_id, pact_version_id)    — rows where a version is the provider
import type { SqlRunner } from '@treaty/prisma';
import type { MatrixRow } from '../domain/matrix/matrix-row.ts';
import type { IntegrationLookup, MatrixReader, RowLookup, VersionLookup } from '../domain/matrix/query-matrix.ts';
import type { PacticipantRef, VersionRef } from '../domain/matrix/resolved-selector.ts';

export function createMatrixReader(sql: SqlRunner): MatrixReader {
  return {
    async findPacticipants(names) {
      if (names.length === 0) return new Map();
      const rows = await sql.query<PacticipantRef>(
        `SELECT id, name, main_branch AS "mainBranch" FROM pacticipants WHERE name_key = ANY($1::text[])`,
        [names.map((n) => n.toLowerCase())],
      );
      return new Map(rows.map((r) => [r.name.toLowerCase(), r]));
    },
    async findEnvironments(names) {
      if (names.length === 0) return new Set();
      const rows = await sql.query<{ name: string }>(`SELECT name FROM environments WHERE name = ANY($1::text[])`, [[...names]]);
      return new Set(rows.map((r) => r.name));
    },
    resolveVersions: (lookups) => resolveVersions(sql, lookups),
    async findIntegrations(lookup: IntegrationLookup) {
      return sql.query<{ consumerId: number; consumerName: string; providerId: number; providerName: string }>(
        `SELECT x.consumer_id AS "consumerId", c.name AS "consumerName", x.provider_id AS "providerId", p.name AS "providerName"
         FROM (
           SELECT consumer_id, provider_id FROM pact_publications WHERE consumer_version_id = ANY($1::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE consumer_id = ANY($2::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE provider_id = ANY($3::int[])
         ) x
         JOIN pacticipants c ON c.id = x.consumer_id
         JOIN pacticipants p ON p.id = x.provider_id
         ORDER BY c.name, p.name`,
        [lookup.consumerVersionIds, lookup.consumerIds, lookup.providerIds],
      );
    },
    findRows: (lookup) => findRows(sql, lookup),
  };
}

// ---- selectors → versions ---------------------------------------------------------------------

async function resolveVersions(sql: SqlRunner, lookups: readonly VersionLookup[]): Promise<VersionRef[][]> {
  if (lookups.length === 0) return [];
  const params: unknown[] = [];
  const text = lookups.map((l, i) => versionFragment(i, l, params)).join('\nUNION ALL\n');
  const rows = await sql.query<{ idx: number; id: number; number: string; branch: string | null }>(text, params);
  const result: VersionRef[][] = lookups.map(() => []);
  for (const r of rows) result[r.idx]!.push({ id: r.id, number: r.number, branch: r.branch });
  for (const list of result) list.sort((a, b) => b.id - a.id);
  return result;
}

/** One indexed lookup per selector, driven by its most selective criterion. */
function versionFragment(idx: number, { pacticipant, selector: s }: VersionLookup, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const pid = p(pacticipant.id);
  const where: string[] = [];
  let from: string;
  let branchColumn = 'NULL::text';
  const branchName = s.branch !== undefined ? p(s.branch) : `(SELECT main_branch FROM pacticipants WHERE id = ${pid})`;
  const envVersions = (env: string) =>
    `SELECT cd.version_id FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE e.name = ${env} AND cd.pacticipant_id = ${pid}
     UNION SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid
       WHERE e.name = ${env} AND rv.pacticipant_id = ${pid} AND rv.support_ended_at IS NULL`;
  if (s.tag !== undefined) {
    from = `tags d JOIN versions v ON v.id = d.version_id`;
    where.push(`d.pacticipant_id = ${pid}`, `d.name = ${p(s.tag)}`);
  } else if (s.branch !== undefined || s.mainBranch) {
    from = `branches b JOIN branch_versions d ON d.branch_id = b.id JOIN versions v ON v.id = d.version_id`;
    where.push(`b.pacticipant_id = ${pid}`, `b.name = ${branchName}`);
    branchColumn = 'b.name';
  } else if (s.environment !== undefined) {
    from = `(${envVersions(p(s.environment))}) d JOIN versions v ON v.id = d.version_id`;
  } else {
    from = `versions v`;
    where.push(`v.pacticipant_id = ${pid}`);
  }
  if (s.version !== undefined) where.push(`v.number = ${p(s.version)}`);
  if (s.tag !== undefined && (s.branch !== undefined || s.mainBranch)) {
    where.push(`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches bb ON bb.id = bv.branch_id WHERE bv.version_id = v.id AND bb.name = ${branchName})`);
  }
  if (s.environment !== undefined && (s.tag !== undefined || s.branch !== undefined || s.mainBranch)) {
    where.push(`v.id IN (${envVersions(p(s.environment))})`);
  }
  const latest = s.latest ? ' ORDER BY v.id DESC LIMIT 1' : '';
  return `(SELECT ${idx}::int AS idx, v.id, v.number, ${branchColumn} AS branch FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${latest})`;
}

// ---- rows -----------------------------------------------------------------------------------------

const ROW_COLUMNS = `pp.id AS "pactPublicationId", pp.consumer_id AS "consumerId", c.name AS "consumerName",
  pp.consumer_version_id AS "consumerVersionId", cv.number AS "consumerVersionNumber",
  pp.provider_id AS "providerId", p.name AS "providerName", pp.pact_version_id AS "pactVersionId", pv.sha AS "pactVersionSha",
  pp.revision_number AS "pactRevision", pp.created_at AS "pactCreatedAt",
  v.provider_version_id AS "providerVersionId", v.provider_version_number AS "providerVersionNumber",
  v.id AS "verificationId", v.number AS "verificationNumber", v.success, v.created_at AS "verifiedAt"`;

const PUBLICATION_JOINS = `JOIN versions cv ON cv.id = pp.consumer_version_id
  JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN pacticipants p ON p.id = pp.provider_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

/** Verifications of one publication's content, restricted by `filter` (`{pv}`: the provider version id column). */
function verificationsOf(latestOnly: boolean, filter: string): string {
  const source = latestOnly
    ? `latest_verifications lv JOIN verifications vr ON vr.id = lv.verification_id WHERE lv.pact_version_id = pp.pact_version_id`
    : `verifications vr WHERE vr.pact_version_id = pp.pact_version_id`;
  return `LEFT JOIN LATERAL (
    SELECT vr.id, vr.number, vr.success, vr.created_at, vr.provider_version_id, prv.number AS provider_version_number
    FROM ${source.replace(' WHERE ', ' JOIN versions prv ON prv.id = vr.provider_version_id WHERE ')} AND ${filter.replaceAll('{pv}', latestOnly ? 'lv.provider_version_id' : 'vr.provider_version_id')}
  ) v ON true`;
}

function rowsSql(lookup: RowLookup): string {
  const consumerMatches = `(pp.consumer_version_id = ANY($1::int[]) OR pp.consumer_id = ANY($2::int[]))`;
  if (lookup.mode === 'multi') {
    return `SELECT ${ROW_COLUMNS} FROM pact_publications pp ${PUBLICATION_JOINS}
      ${verificationsOf(lookup.latestVerificationsOnly, '({pv} = ANY($1::int[]) OR pp.provider_id = ANY($2::int[]))')}
      WHERE ${consumerMatches} AND pp.provider_id = ANY($3::int[]) AND (pp.consumer_id = ANY($4::int[]) OR pp.provider_id = ANY($4::int[]))`;
  }
  const asProvider = lookup.latestVerificationsOnly
    ? `latest_verifications lv JOIN verifications vr ON vr.id = lv.verification_id`
    : `verifications vr`;
  const providerVersionColumn = lookup.latestVerificationsOnly ? 'lv.provider_version_id' : 'vr.provider_version_id';
  return `SELECT ${ROW_COLUMNS} FROM pact_publications pp ${PUBLICATION_JOINS}
      ${verificationsOf(lookup.latestVerificationsOnly, 'TRUE')}
      WHERE ${consumerMatches}
    UNION ALL
    SELECT ${ROW_COLUMNS} FROM ${asProvider}
      JOIN versions prv ON prv.id = vr.provider_version_id
      JOIN pact_publications pp ON pp.pact_version_id = vr.pact_version_id
      ${PUBLICATION_JOINS}
      CROSS JOIN LATERAL (SELECT vr.id, vr.number, vr.success, vr.created_at, vr.provider_version_id, prv.number AS provider_version_number) v
      WHERE (${providerVersionColumn} = ANY($1::int[]) OR vr.provider_id = ANY($2::int[]))`;
}

async function findRows(sql: SqlRunner, lookup: RowLookup): Promise<MatrixRow[]> {
  if (lookup.versionIds.length === 0 && lookup.allVersionsPacticipantIds.length === 0) return [];
  const params: unknown[] = [lookup.versionIds, lookup.allVersionsPacticipantIds];
  if (lookup.mode === 'multi') params.push(lookup.pacticipantIds, lookup.specifiedPacticipantIds);
  let text = rowsSql(lookup);
  if (lookup.limit !== undefined) {
    params.push(lookup.limit);
    text = `SELECT * FROM (${text}) r
      ORDER BY GREATEST(r."pactCreatedAt", COALESCE(r."verifiedAt", r."pactCreatedAt")) DESC, r."consumerVersionId" DESC,
        r."providerVersionId" DESC NULLS LAST, r."verificationId" DESC NULLS LAST
      LIMIT $${params.length}`;
  }
  const rows = await sql.query<MatrixRow>(text, params);
  return rows.map(normalizeRow);
}

/** pg returns Date for timestamptz, PGlite too; be defensive about strings from other drivers. */
function normalizeRow(r: MatrixRow): MatrixRow {
  return {
    ...r,
    pactCreatedAt: r.pactCreatedAt instanceof Date ? r.pactCreatedAt : new Date(r.pactCreatedAt),
    verifiedAt: r.verifiedAt === null || r.verifiedAt instanceof Date ? r.verifiedAt : new Date(r.verifiedAt),
  };
}

// ---- version details for the response body ---------------------------------------------------------

export interface VersionDetails {
  tags: Array<{ name: string; latest: boolean }>;
  /** Oldest membership first; the last is the version's "branch". */
  branches: Array<{ name: string; latest: boolean }>;
  environments: Array<{ uuid: string; name: string; displayName: string | null; production: boolean }>;
}

/** Tags, branches and current environments of the listed versions, in one round trip. */
export async function findVersionDetails(sql: SqlRunner, versionIds: readonly number[]): Promise<Map<number, VersionDetails>> {
  const result = new Map<number, VersionDetails>();
  if (versionIds.length === 0) return result;
  const rows = await sql.query<{ kind: 'tag' | 'branch' | 'environment'; versionId: number; name: string; latest: boolean; uuid: string | null; displayName: string | null; production: boolean | null }>(
    `SELECT 'tag' AS kind, t.version_id AS "versionId", t.name,
        t.version_id = (SELECT max(t2.version_id) FROM tags t2 WHERE t2.pacticipant_id = t.pacticipant_id AND t2.name = t.name) AS latest,
        NULL AS uuid, NULL AS "displayName", NULL::boolean AS production, t.id AS ord
       FROM tags t WHERE t.version_id = ANY($1::int[])
     UNION ALL
     SELECT 'branch', bv.version_id, b.name,
        bv.version_id = (SELECT max(x.version_id) FROM branch_versions x WHERE x.branch_id = bv.branch_id), NULL, NULL, NULL, bv.id
       FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY($1::int[])
     UNION ALL
     SELECT DISTINCT 'environment', x.version_id, e.name, false, e.uuid, e.display_name, e.production, 0
       FROM (SELECT version_id, environment_uuid FROM current_deployments WHERE version_id = ANY($1::int[])
             UNION SELECT version_id, environment_uuid FROM released_versions WHERE version_id = ANY($1::int[]) AND support_ended_at IS NULL) x
       JOIN environments e ON e.uuid = x.environment_uuid
     ORDER BY 1, 8`,
    [[...versionIds]],
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
