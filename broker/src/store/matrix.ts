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
import type { MatrixRow } from '../domain/matrix/matrix-row.ts';
import type { IntegrationLookup, MatrixReader, RowLookup, VersionLookup } from '../domain/matrix/query-matrix.ts';
import type { PacticipantRef, VersionRef } from '../domain/matrix/resolved-selector.ts';
import type { Db } from './db.ts';
import { sql, type SqlFragment, type SqlParam } from './sql.ts';

/** The reader on the hot-path pool: prepared statements with generic plans (see db.ts). */
export function createMatrixReader(db: Db): MatrixReader {
  const hot = db.hot;
  return {
    async findPacticipants(names) {
      if (names.length === 0) return new Map();
      const rows = await hot.rows<PacticipantRef>(
        sql`SELECT id, name, main_branch AS "mainBranch" FROM pacticipants WHERE name_key = ANY(${names.map((n) => n.toLowerCase())}::text[])`,
      );
      return new Map(rows.map((r) => [r.name.toLowerCase(), r]));
    },
    async findEnvironments(names) {
      if (names.length === 0) return new Set();
      const rows = await hot.rows<{ name: string }>(sql`SELECT name FROM environments WHERE name = ANY(${names}::text[])`);
      return new Set(rows.map((r) => r.name));
    },
    resolveVersions: (lookups) => resolveVersions(hot, lookups),
    async findIntegrations(lookup: IntegrationLookup) {
      const consumerVersionIds = sql.param(lookup.consumerVersionIds);
      const consumerIds = sql.param(lookup.consumerIds);
      const providerIds = sql.param(lookup.providerIds);
      return hot.rows<{ consumerId: number; consumerName: string; providerId: number; providerName: string }>(
        sql`SELECT x.consumer_id AS "consumerId", c.name AS "consumerName", x.provider_id AS "providerId", p.name AS "providerName"
         FROM (
           SELECT consumer_id, provider_id FROM pact_publications WHERE consumer_version_id = ANY(${consumerVersionIds}::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE consumer_id = ANY(${consumerIds}::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE provider_id = ANY(${providerIds}::int[])
           UNION ${schemaIntegrations(consumerVersionIds, consumerIds, providerIds)}
         ) x
         JOIN pacticipants c ON c.id = x.consumer_id
         JOIN pacticipants p ON p.id = x.provider_id
         ORDER BY c.name, p.name`,
      );
    },
    findRows: (lookup) => findRows(hot, lookup),
  };
}

// ---- selectors → versions ---------------------------------------------------------------------

async function resolveVersions(db: Db, lookups: readonly VersionLookup[]): Promise<VersionRef[][]> {
  if (lookups.length === 0) return [];
  const rows = await db.rows<{ idx: number; id: number; number: string; branch: string | null }>(
    sql.join(
      lookups.map((l, i) => versionFragment(i, l)),
      sql`\nUNION ALL\n`,
    ),
  );
  const result: VersionRef[][] = lookups.map(() => []);
  for (const r of rows) result[r.idx]!.push({ id: r.id, number: r.number, branch: r.branch });
  for (const list of result) list.sort((a, b) => b.id - a.id);
  return result;
}

/** One indexed lookup per selector, driven by its most selective criterion. */
function versionFragment(idx: number, { pacticipant, selector: s }: VersionLookup): SqlFragment {
  const pid = sql.param(pacticipant.id);
  const where: SqlFragment[] = [];
  let from: SqlFragment;
  let branchColumn = sql`NULL::text`;
  const branchName = s.branch !== undefined ? sql`${sql.param(s.branch)}` : sql`(SELECT main_branch FROM pacticipants WHERE id = ${pid})`;
  const envVersions = (env: SqlParam) =>
    sql`SELECT cd.version_id FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE e.name = ${env} AND cd.pacticipant_id = ${pid}
     UNION SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid
       WHERE e.name = ${env} AND rv.pacticipant_id = ${pid} AND rv.support_ended_at IS NULL`;
  if (s.tag !== undefined) {
    from = sql`tags d JOIN versions v ON v.id = d.version_id`;
    where.push(sql`d.pacticipant_id = ${pid}`, sql`d.name = ${s.tag}`);
  } else if (s.branch !== undefined || s.mainBranch) {
    from = sql`branches b JOIN branch_versions d ON d.branch_id = b.id JOIN versions v ON v.id = d.version_id`;
    where.push(sql`b.pacticipant_id = ${pid}`, sql`b.name = ${branchName}`);
    branchColumn = sql`b.name`;
  } else if (s.environment !== undefined) {
    from = sql`(${envVersions(sql.param(s.environment))}) d JOIN versions v ON v.id = d.version_id`;
  } else {
    from = sql`versions v`;
    where.push(sql`v.pacticipant_id = ${pid}`);
  }
  if (s.version !== undefined) where.push(sql`v.number = ${s.version}`);
  if (s.tag !== undefined && (s.branch !== undefined || s.mainBranch)) {
    where.push(
      sql`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches bb ON bb.id = bv.branch_id WHERE bv.version_id = v.id AND bb.name = ${branchName})`,
    );
  }
  if (s.environment !== undefined && (s.tag !== undefined || s.branch !== undefined || s.mainBranch)) {
    where.push(sql`v.id IN (${envVersions(sql.param(s.environment))})`);
  }
  const filter = where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql.empty;
  const latest = s.latest ? sql` ORDER BY v.id DESC LIMIT 1` : sql.empty;
  return sql`(SELECT ${idx}::int AS idx, v.id, v.number, ${branchColumn} AS branch FROM ${from}${filter}${latest})`;
}

// ---- rows -----------------------------------------------------------------------------------------

// Schema contracts (issue #8): a consumer's schema publication of a subject depends on every pacticipant that
// publishes that subject as provider (schema_publications(subject_id, role, pacticipant_id, version_id)).
const schemaIntegrations = (consumerVersionIds: SqlParam, consumerIds: SqlParam, providerIds: SqlParam) =>
  sql`SELECT cp.pacticipant_id, pp.pacticipant_id FROM schema_publications cp
             JOIN (SELECT DISTINCT subject_id, pacticipant_id FROM schema_publications WHERE role = 'provider') pp
               ON pp.subject_id = cp.subject_id AND pp.pacticipant_id <> cp.pacticipant_id
             WHERE cp.role = 'consumer'
               AND (cp.version_id = ANY(${consumerVersionIds}::int[]) OR cp.pacticipant_id = ANY(${consumerIds}::int[]) OR pp.pacticipant_id = ANY(${providerIds}::int[]))`;

/**
 * Times leave the database as epoch milliseconds: a whole-integration matrix has 10 000+ rows, and
 * parsing two timestamp strings per row was the largest single cost of building it in Node.
 */
const epochMs = (column: SqlFragment) => sql`(extract(epoch FROM ${column}) * 1000)::float8`;

/** Pact rows carry no contract columns; schema rows fill them (see schemaRowsSql). */
const PACT_CONTRACT_COLUMNS = sql`NULL::text AS "contractSubject", NULL::text AS "checkStatus", NULL::text AS "breakingChange"`;

const ROW_COLUMNS = sql`pp.id AS "pactPublicationId", pp.consumer_id AS "consumerId", c.name AS "consumerName",
  pp.consumer_version_id AS "consumerVersionId", cv.number AS "consumerVersionNumber",
  pp.provider_id AS "providerId", p.name AS "providerName", pp.pact_version_id AS "pactVersionId", pv.sha AS "pactVersionSha",
  pp.revision_number AS "pactRevision", ${epochMs(sql`pp.created_at`)} AS "pactCreatedAt",
  v.provider_version_id AS "providerVersionId", v.provider_version_number AS "providerVersionNumber",
  v.id AS "verificationId", v.number AS "verificationNumber", v.success, ${epochMs(sql`v.created_at`)} AS "verifiedAt", ${PACT_CONTRACT_COLUMNS}`;

const PUBLICATION_JOINS = sql`JOIN versions cv ON cv.id = pp.consumer_version_id
  JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN pacticipants p ON p.id = pp.provider_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

/** Verifications of one publication's content, restricted by `filter` (given the provider version id column). */
function verificationsOf(latestOnly: boolean, filter: (providerVersionId: SqlFragment) => SqlFragment): SqlFragment {
  const source = latestOnly
    ? sql`latest_verifications lv JOIN verifications vr ON vr.id = lv.verification_id
      JOIN versions prv ON prv.id = vr.provider_version_id WHERE lv.pact_version_id = pp.pact_version_id`
    : sql`verifications vr JOIN versions prv ON prv.id = vr.provider_version_id WHERE vr.pact_version_id = pp.pact_version_id`;
  return sql`LEFT JOIN LATERAL (
    SELECT vr.id, vr.number, vr.success, vr.created_at, vr.provider_version_id, prv.number AS provider_version_number
    FROM ${source} AND ${filter(latestOnly ? sql`lv.provider_version_id` : sql`vr.provider_version_id`)}
  ) v ON true`;
}

// ---- schema rows (issue #8) ------------------------------------------------------------------------
// A row per consumer schema publication × provider pacticipant of the subject, joined to the selected provider
// versions' publications of it and to Treaty's check of the two contents under the subject's current mode (looked up
// by its unique check_key). Columns mirror ROW_COLUMNS: the publication stands in for the pact, the check for the
// verification (negative ids keep them apart from pact ids in any listing).

const SCHEMA_ROW_COLUMNS = sql`-cp.id AS "pactPublicationId", cp.pacticipant_id AS "consumerId", c.name AS "consumerName",
  cp.version_id AS "consumerVersionId", cv.number AS "consumerVersionNumber",
  prov.pacticipant_id AS "providerId", p.name AS "providerName", -cp.content_id AS "pactVersionId", csc.sha AS "pactVersionSha",
  cp.revision_number AS "pactRevision", ${epochMs(sql`cp.updated_at`)} AS "pactCreatedAt",
  v.version_id AS "providerVersionId", v.number AS "providerVersionNumber",
  -v.check_id AS "verificationId", CASE WHEN v.check_id IS NULL THEN NULL ELSE 1 END AS "verificationNumber",
  CASE v.status WHEN 'success' THEN true WHEN 'failure' THEN false ELSE NULL END AS success, ${epochMs(sql`v.checked_at`)} AS "verifiedAt",
  s.name AS "contractSubject", v.status AS "checkStatus", v.breaking AS "breakingChange"`;

const SCHEMA_ROW_JOINS = sql`JOIN schema_subjects s ON s.id = cp.subject_id
  JOIN versions cv ON cv.id = cp.version_id
  JOIN pacticipants c ON c.id = cp.pacticipant_id
  JOIN schema_contents csc ON csc.id = cp.content_id
  JOIN (SELECT DISTINCT subject_id, pacticipant_id FROM schema_publications WHERE role = 'provider') prov
    ON prov.subject_id = cp.subject_id AND prov.pacticipant_id <> cp.pacticipant_id
  JOIN pacticipants p ON p.id = prov.pacticipant_id`;

/** The provider's publications of the subject by versions matching `filter` (given ppub.version_id), with their check. */
function schemaChecksOf(filter: (providerVersionId: SqlFragment) => SqlFragment, checkedOnly: boolean): SqlFragment {
  return sql`LEFT JOIN LATERAL (
    SELECT ppub.version_id, prv.number, chk.id AS check_id, chk.status, chk.created_at AS checked_at,
      (SELECT (f->>'rule') || ': ' || (f->>'message') FROM jsonb_array_elements(chk.findings) f
        WHERE COALESCE(f->>'severity', 'error') = 'error' LIMIT 1) AS breaking
    FROM schema_publications ppub
    JOIN versions prv ON prv.id = ppub.version_id
    ${checkedOnly ? sql.empty : sql`LEFT `}JOIN contract_checks chk
      ON chk.check_key = 'consumer:' || cp.subject_id || ':' || cp.content_id || ':' || ppub.content_id || ':' || s.compatibility
    WHERE ppub.subject_id = cp.subject_id AND ppub.role = 'provider' AND ppub.pacticipant_id = prov.pacticipant_id
      AND ${filter(sql`ppub.version_id`)}
  ) v ON true`;
}

/** The statement's id-list parameters, each sent once however often the statement uses it. */
interface RowParams {
  versionIds: SqlParam;
  allVersionsPacticipantIds: SqlParam;
  pacticipantIds: SqlParam;
  specifiedPacticipantIds: SqlParam;
}

/** Rows of a selected version, or of a pacticipant whose every version is selected. */
const selected = (p: RowParams) => (versionId: SqlFragment, pacticipantId: SqlFragment) =>
  sql`(${versionId} = ANY(${p.versionIds}::int[]) OR ${pacticipantId} = ANY(${p.allVersionsPacticipantIds}::int[]))`;

function schemaRowsSql(lookup: RowLookup, p: RowParams): SqlFragment {
  const consumerMatches = sql`cp.role = 'consumer' AND ${selected(p)(sql`cp.version_id`, sql`cp.pacticipant_id`)}`;
  const byProviderVersion = (pv: SqlFragment) => selected(p)(pv, sql`ppub.pacticipant_id`);
  if (lookup.mode === 'multi') {
    return sql`SELECT ${SCHEMA_ROW_COLUMNS} FROM schema_publications cp ${SCHEMA_ROW_JOINS}
      ${schemaChecksOf(byProviderVersion, false)}
      WHERE ${consumerMatches} AND prov.pacticipant_id = ANY(${p.pacticipantIds}::int[])
        AND (cp.pacticipant_id = ANY(${p.specifiedPacticipantIds}::int[]) OR prov.pacticipant_id = ANY(${p.specifiedPacticipantIds}::int[]))`;
  }
  // one selector: its rows as consumer (checked by any provider version) and as provider (checks of its publications)
  return sql`SELECT ${SCHEMA_ROW_COLUMNS} FROM schema_publications cp ${SCHEMA_ROW_JOINS}
      ${schemaChecksOf(() => sql`TRUE`, true)}
      WHERE ${consumerMatches}
    UNION ALL
    SELECT ${SCHEMA_ROW_COLUMNS} FROM schema_publications cp ${SCHEMA_ROW_JOINS}
      ${schemaChecksOf(byProviderVersion, true)}
      WHERE cp.role = 'consumer' AND v.check_id IS NOT NULL
        AND cp.subject_id IN (SELECT subject_id FROM schema_publications WHERE role = 'provider' AND ${selected(p)(sql`version_id`, sql`pacticipant_id`)})`;
}

function rowsSql(lookup: RowLookup, p: RowParams): SqlFragment {
  return sql`${pactRowsSql(lookup, p)}
    UNION ALL
    ${schemaRowsSql(lookup, p)}`;
}

function pactRowsSql(lookup: RowLookup, p: RowParams): SqlFragment {
  const consumerMatches = selected(p)(sql`pp.consumer_version_id`, sql`pp.consumer_id`);
  if (lookup.mode === 'multi') {
    return sql`SELECT ${ROW_COLUMNS} FROM pact_publications pp ${PUBLICATION_JOINS}
      ${verificationsOf(lookup.latestVerificationsOnly, (pv) => selected(p)(pv, sql`pp.provider_id`))}
      WHERE ${consumerMatches} AND pp.provider_id = ANY(${p.pacticipantIds}::int[])
        AND (pp.consumer_id = ANY(${p.specifiedPacticipantIds}::int[]) OR pp.provider_id = ANY(${p.specifiedPacticipantIds}::int[]))`;
  }
  const asProvider = lookup.latestVerificationsOnly
    ? sql`latest_verifications lv JOIN verifications vr ON vr.id = lv.verification_id`
    : sql`verifications vr`;
  const providerVersionColumn = lookup.latestVerificationsOnly ? sql`lv.provider_version_id` : sql`vr.provider_version_id`;
  return sql`SELECT ${ROW_COLUMNS} FROM pact_publications pp ${PUBLICATION_JOINS}
      ${verificationsOf(lookup.latestVerificationsOnly, () => sql`TRUE`)}
      WHERE ${consumerMatches}
    UNION ALL
    SELECT ${ROW_COLUMNS} FROM ${asProvider}
      JOIN versions prv ON prv.id = vr.provider_version_id
      JOIN pact_publications pp ON pp.pact_version_id = vr.pact_version_id
      ${PUBLICATION_JOINS}
      CROSS JOIN LATERAL (SELECT vr.id, vr.number, vr.success, vr.created_at, vr.provider_version_id, prv.number AS provider_version_number) v
      WHERE ${selected(p)(providerVersionColumn, sql`vr.provider_id`)}`;
}

async function findRows(db: Db, lookup: RowLookup): Promise<MatrixRow[]> {
  if (lookup.versionIds.length === 0 && lookup.allVersionsPacticipantIds.length === 0) return [];
  const params: RowParams = {
    versionIds: sql.param(lookup.versionIds),
    allVersionsPacticipantIds: sql.param(lookup.allVersionsPacticipantIds),
    pacticipantIds: sql.param(lookup.pacticipantIds),
    specifiedPacticipantIds: sql.param(lookup.specifiedPacticipantIds),
  };
  let query = rowsSql(lookup, params);
  if (lookup.limit !== undefined) {
    query = sql`SELECT * FROM (${query}) r
      ORDER BY GREATEST(r."pactCreatedAt", COALESCE(r."verifiedAt", r."pactCreatedAt")) DESC, r."consumerVersionId" DESC,
        r."providerVersionId" DESC NULLS LAST, r."verificationId" DESC NULLS LAST
      LIMIT ${lookup.limit}`;
  }
  const rows = await db.rows<RawRow>(query);
  return rows.map(normalizeRow);
}

/** A row as the row query returns it: times as epoch milliseconds, the schema columns flat. */
type RawRow = Omit<MatrixRow, 'pactCreatedAt' | 'verifiedAt' | 'contract'> & {
  pactCreatedAt: number;
  verifiedAt: number | null;
  contractSubject: string | null;
  checkStatus: 'success' | 'failure' | 'unknown' | null;
  breakingChange: string | null;
};

/** An object literal with MatrixRow's fields, so every row has the same shape (fast property access downstream). */
function normalizeRow(r: RawRow): MatrixRow {
  const row: MatrixRow = {
    consumerId: r.consumerId,
    consumerName: r.consumerName,
    consumerVersionId: r.consumerVersionId,
    consumerVersionNumber: r.consumerVersionNumber,
    providerId: r.providerId,
    providerName: r.providerName,
    pactPublicationId: r.pactPublicationId,
    pactVersionId: r.pactVersionId,
    pactVersionSha: r.pactVersionSha,
    pactRevision: r.pactRevision,
    pactCreatedAt: new Date(Number(r.pactCreatedAt)),
    providerVersionId: r.providerVersionId,
    providerVersionNumber: r.providerVersionNumber,
    verificationId: r.verificationId,
    verificationNumber: r.verificationNumber,
    success: r.success,
    verifiedAt: r.verifiedAt === null ? null : new Date(Number(r.verifiedAt)),
  };
  if (r.contractSubject !== null)
    row.contract = { kind: 'schema', subject: r.contractSubject, checkStatus: r.checkStatus, breakingChange: r.breakingChange };
  return row;
}

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
