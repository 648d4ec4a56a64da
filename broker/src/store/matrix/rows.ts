// The matrix rows (domain/matrix's MatrixReader.findRows): pact publications joined to their verifications, and
// schema publications joined to Treaty's checks (issue #8), for the resolved version ids only, in one round trip.
import type { MatrixRow } from '../../domain/matrix/matrix-row.ts';
import type { IntegrationTotals, RowLookup, RowSummary } from '../../domain/matrix/query-matrix.ts';
import type { LatestBy } from '../../domain/matrix/selectors.ts';
import type { Db } from '../db.ts';
import { sql, type SqlFragment, type SqlParam } from '../sql.ts';

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

export async function findRows(db: Db, lookup: RowLookup): Promise<MatrixRow[]> {
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

// ---- whole-integration summaries (issue #14) ---------------------------------------------------------
// latestby (domain/matrix/latestby.ts) as DISTINCT ON over the rows: one row per key, the newest one (latest
// consumer version, then provider version, then verification, a missing one oldest). The contract subject is
// part of every key (NULL for pact rows), as in latestby.ts's contractKey.
const LATEST_BY_KEY: Record<LatestBy, SqlFragment> = {
  cvpv: sql`r."contractSubject", r."consumerVersionId", r."providerId", r."providerVersionId"`,
  cvp: sql`r."contractSubject", r."consumerVersionId", r."providerId"`,
  cp: sql`r."contractSubject", r."consumerId", r."providerId"`,
};

/**
 * A whole-integration matrix with a latestby, summarised in SQL so the broker never holds every row (10 000+
 * per busy integration): latestby, then per row its rank in the listing order (matrix-row.ts
 * compareByLastAction) and its integration's row and success counts. Returned: the first `limit` rows of the
 * listing, every row without a successful result (the decision names each one), and one row per integration
 * (its counts). Memory is then bounded by the rows the answer itself lists or names.
 */
export async function findRowSummary(db: Db, lookup: RowLookup, latestby: LatestBy, limit: number): Promise<RowSummary> {
  const params: RowParams = {
    versionIds: sql.param(lookup.versionIds),
    allVersionsPacticipantIds: sql.param(lookup.allVersionsPacticipantIds),
    pacticipantIds: sql.param(lookup.pacticipantIds),
    specifiedPacticipantIds: sql.param(lookup.specifiedPacticipantIds),
  };
  const lastAction = sql`GREATEST(l."pactCreatedAt", COALESCE(l."verifiedAt", l."pactCreatedAt"))`;
  const rows = await db.rows<
    RawRow & {
      rank: string | number;
      integrationRows: string | number;
      integrationSuccesses: string | number;
      integrationRank: string | number;
    }
  >(
    sql`WITH l AS (
        SELECT DISTINCT ON (${LATEST_BY_KEY[latestby]}) r.* FROM (${rowsSql(lookup, params)}) r
        ORDER BY ${LATEST_BY_KEY[latestby]}, r."consumerVersionId" DESC, r."providerVersionId" DESC NULLS LAST, r."verificationId" DESC NULLS LAST
      ), s AS (
        SELECT l.*,
          row_number() OVER (ORDER BY ${lastAction} DESC, l."consumerVersionId" DESC, l."providerVersionId" DESC NULLS LAST,
            l."verificationId" DESC NULLS LAST, l."providerId") AS rank,
          row_number() OVER w AS "integrationRank",
          count(*) OVER w AS "integrationRows",
          count(*) FILTER (WHERE l.success) OVER w AS "integrationSuccesses"
        FROM l WINDOW w AS (PARTITION BY l."consumerId", l."providerId")
      )
      SELECT * FROM s WHERE rank <= ${limit} OR success IS NOT TRUE OR "integrationRank" = 1`,
  );
  const totals = new Map<string, IntegrationTotals>();
  for (const r of rows) {
    if (Number(r.integrationRank) !== 1) continue;
    totals.set(`${r.consumerId}/${r.providerId}`, {
      consumerId: r.consumerId,
      providerId: r.providerId,
      rows: Number(r.integrationRows),
      successes: Number(r.integrationSuccesses),
    });
  }
  return { rows: rows.map(normalizeRow), integrations: [...totals.values()] };
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
