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
// latestby (domain/matrix/latestby.ts) keeps, per key, the newest row (latest consumer version, then provider
// version, then verification, a missing one oldest). The contract subject is part of every key (NULL for pact
// rows), as in latestby.ts's contractKey.
const LATEST_BY_KEY: Record<LatestBy, SqlFragment> = {
  cvpv: sql`r."contractSubject", r."consumerVersionId", r."providerId", r."providerVersionId"`,
  cvp: sql`r."contractSubject", r."consumerVersionId", r."providerId"`,
  cp: sql`r."contractSubject", r."consumerId", r."providerId"`,
};

/** The listing order (matrix-row.ts compareByLastAction), given a row's columns. */
function listingOrder(c: {
  pactAt: SqlFragment;
  verifiedAt: SqlFragment;
  consumerVersionId: SqlFragment;
  providerVersionId: SqlFragment;
  verificationId: SqlFragment;
  providerId: SqlFragment;
}): SqlFragment {
  return sql`GREATEST(${c.pactAt}, COALESCE(${c.verifiedAt}, ${c.pactAt})) DESC, ${c.consumerVersionId} DESC,
    ${c.providerVersionId} DESC NULLS LAST, ${c.verificationId} DESC NULLS LAST, ${c.providerId}`;
}

/**
 * Of `source`'s items (publications or verifications, each standing for `rows` > 0 matrix rows), those with fewer
 * than `limit` rows at a strictly later `at`. Only the first `limit` items by `at` (with every item tied with the
 * last of them) can be: each item has at least one row. Among those, the running sum of `rows` up to and with an
 * item's peers, less the peers', is the rows strictly later (a window that excludes the peers, EXCLUDE GROUP,
 * is recomputed for every item: quadratic).
 */
function firstByTime(source: SqlFragment, rows: SqlFragment, at: SqlFragment, limit: SqlParam): SqlFragment {
  return sql`SELECT * FROM (
      SELECT f.*, sum(${rows}) OVER (ORDER BY ${at} DESC) - sum(${rows}) OVER (PARTITION BY ${at}) AS later_rows
      FROM (${source} ORDER BY ${at} DESC FETCH FIRST (${limit}) ROWS WITH TIES) f) x
    WHERE later_rows < ${limit}`;
}

/**
 * The pact part of a summary, from narrow rows only: `pub` (the selected publications) and `lv` (the latest
 * verifications of their contents by selected provider versions, read from latest_verifications_outcomes_idx).
 * In a multi-selector query a publication's rows are its content's `lv` rows, or one row without a result, and
 * for cvpv that is already latestby (one publication per consumer version and provider, one `lv` row per content
 * and provider version); cvp keeps a content's newest provider version, cp also only an integration's newest
 * consumer version. So counts are sums of per-content counts × publications, and never need the rows themselves.
 *
 * The first `limit` rows by last action (the later of the publication and the verification) without ranking every
 * row: a row in them is either among the rows of the publications with fewer than `limit` rows published strictly
 * later (when the publication is its last action), or among the rows of the verifications with fewer than `limit`
 * rows verified strictly later (when the verification is): `limit` rows with a strictly later action would
 * otherwise come first. Those candidates (a few hundred) are ranked exactly.
 *
 * Of the rows without a success: one per integration, outcome, and version a selector names by id (see
 * RowSummary). Then one row per integration. Returns CTEs ending in `pact_picked` (publication id, verification
 * id) and `pact_totals`.
 */
function pactSummaryCtes(latestby: LatestBy, p: RowParams, limit: SqlParam): SqlFragment {
  const specifiedSide = sql`(pp.consumer_id = ANY(${p.specifiedPacticipantIds}::int[]) OR pp.provider_id = ANY(${p.specifiedPacticipantIds}::int[]))`;
  const columns = sql`pp.id, pp.consumer_id, pp.provider_id, pp.consumer_version_id, pp.pact_version_id, pp.created_at`;
  // Two branches so that each walks an index: (provider_id, consumer_id, ...) and (consumer_version_id, provider_id).
  const selectedPublications = sql`SELECT ${columns} FROM pact_publications pp
      WHERE pp.consumer_id = ANY(${p.allVersionsPacticipantIds}::int[]) AND pp.provider_id = ANY(${p.pacticipantIds}::int[]) AND ${specifiedSide}
    UNION ALL
    SELECT ${columns} FROM pact_publications pp
      WHERE pp.consumer_version_id = ANY(${p.versionIds}::int[]) AND pp.consumer_id <> ALL(${p.allVersionsPacticipantIds}::int[])
        AND pp.provider_id = ANY(${p.pacticipantIds}::int[]) AND ${specifiedSide}`;
  const pub =
    latestby === 'cp'
      ? sql`SELECT DISTINCT ON (consumer_id, provider_id) * FROM (${selectedPublications}) s ORDER BY consumer_id, provider_id, consumer_version_id DESC`
      : selectedPublications;
  const newestProviderVersionOnly = latestby !== 'cvpv';
  const namedVersion = (column: SqlFragment) => sql`CASE WHEN ${column} = ANY(${p.versionIds}::int[]) THEN ${column} END`;
  return sql`pub AS MATERIALIZED (${pub}),
  lv AS MATERIALIZED (
    SELECT ${newestProviderVersionOnly ? sql`DISTINCT ON (l.pact_version_id)` : sql.empty}
      l.pact_version_id, l.provider_version_id, l.verification_id, l.success, l.verified_at
    FROM (SELECT DISTINCT pact_version_id, provider_id FROM pub) content
    JOIN latest_verifications l ON l.pact_version_id = content.pact_version_id
    WHERE l.provider_version_id = ANY(${p.versionIds}::int[]) OR content.provider_id = ANY(${p.allVersionsPacticipantIds}::int[])
    ${newestProviderVersionOnly ? sql`ORDER BY l.pact_version_id, l.provider_version_id DESC` : sql.empty}),
  counted AS MATERIALIZED (
    SELECT pub.*, COALESCE(c.n, 0) AS n, COALESCE(c.s, 0) AS s, COALESCE(c.f, 0) AS f
    FROM pub LEFT JOIN (
      SELECT pact_version_id, count(*) AS n, count(*) FILTER (WHERE success) AS s, count(*) FILTER (WHERE NOT success) AS f
      FROM lv GROUP BY pact_version_id) c ON c.pact_version_id = pub.pact_version_id),
  pact_totals AS (
    SELECT consumer_id AS "consumerId", provider_id AS "providerId", sum(GREATEST(n, 1))::int AS rows, sum(s)::int AS successes,
      sum(f)::int AS failures, (count(*) FILTER (WHERE n = 0))::int AS unknowns
    FROM counted GROUP BY consumer_id, provider_id),
  by_publication AS (${firstByTime(sql`SELECT * FROM counted`, sql`GREATEST(n, 1)`, sql`created_at`, limit)}),
  by_verification AS (${firstByTime(
    sql`SELECT lv.*, m.publications FROM lv
      JOIN (SELECT pact_version_id, count(*) AS publications FROM pub GROUP BY pact_version_id) m ON m.pact_version_id = lv.pact_version_id`,
    sql`publications`,
    sql`verified_at`,
    limit,
  )}),
  candidates AS (
    SELECT b.id AS pub_id, b.consumer_version_id, b.provider_id, b.created_at, lv.verification_id, lv.provider_version_id, lv.verified_at
    FROM by_publication b LEFT JOIN lv ON lv.pact_version_id = b.pact_version_id
    UNION
    SELECT pub.id, pub.consumer_version_id, pub.provider_id, pub.created_at, b.verification_id, b.provider_version_id, b.verified_at
    FROM by_verification b JOIN pub ON pub.pact_version_id = b.pact_version_id),
  listed AS (
    SELECT pub_id, verification_id FROM candidates
    ORDER BY ${listingOrder({
      pactAt: sql`created_at`,
      verifiedAt: sql`verified_at`,
      consumerVersionId: sql`consumer_version_id`,
      providerVersionId: sql`provider_version_id`,
      verificationId: sql`verification_id`,
      providerId: sql`provider_id`,
    })}
    LIMIT ${limit}),
  failed AS (
    SELECT DISTINCT ON (c.consumer_id, c.provider_id, c.version_key, f.version_key) c.id AS pub_id, f.verification_id
    FROM (SELECT DISTINCT ON (pact_version_id, version_key) pact_version_id, verification_id, version_key
          FROM (SELECT lv.*, ${namedVersion(sql`lv.provider_version_id`)} AS version_key FROM lv WHERE NOT lv.success) x
          ORDER BY pact_version_id, version_key) f
    JOIN (SELECT pub.*, ${namedVersion(sql`pub.consumer_version_id`)} AS version_key FROM pub) c ON c.pact_version_id = f.pact_version_id
    ORDER BY c.consumer_id, c.provider_id, c.version_key, f.version_key),
  unverified AS (
    SELECT DISTINCT ON (consumer_id, provider_id, version_key) id AS pub_id, NULL::int AS verification_id
    FROM (SELECT counted.*, ${namedVersion(sql`counted.consumer_version_id`)} AS version_key FROM counted WHERE n = 0) x
    ORDER BY consumer_id, provider_id, version_key),
  one_per_integration AS (
    SELECT o.id AS pub_id, (SELECT lv.verification_id FROM lv WHERE lv.pact_version_id = o.pact_version_id LIMIT 1) AS verification_id
    FROM (SELECT DISTINCT ON (consumer_id, provider_id) id, pact_version_id FROM pub ORDER BY consumer_id, provider_id) o),
  pact_picked AS (
    SELECT pub_id, verification_id FROM listed UNION SELECT pub_id, verification_id FROM failed
    UNION SELECT pub_id, verification_id FROM unverified UNION SELECT pub_id, verification_id FROM one_per_integration)`;
}

/**
 * The schema part of a summary (issue #8; schema rows are few: one per consumer publication and provider version
 * publishing the subject): latestby as DISTINCT ON over the rows, then the first `limit`, every row without a
 * success, one per integration, and the counts. CTEs ending in `schema_picked` (rows) and `schema_totals`.
 */
function schemaSummaryCtes(lookup: RowLookup, latestby: LatestBy, p: RowParams, limit: SqlParam): SqlFragment {
  const key = LATEST_BY_KEY[latestby];
  return sql`schema_rows AS MATERIALIZED (
    SELECT DISTINCT ON (${key}) r.* FROM (${schemaRowsSql(lookup, p)}) r
    ORDER BY ${key}, r."consumerVersionId" DESC, r."providerVersionId" DESC NULLS LAST, r."verificationId" DESC NULLS LAST),
  schema_totals AS (
    SELECT "consumerId", "providerId", count(*)::int AS rows, (count(*) FILTER (WHERE success))::int AS successes,
      (count(*) FILTER (WHERE NOT success))::int AS failures, (count(*) FILTER (WHERE success IS NULL))::int AS unknowns
    FROM schema_rows GROUP BY "consumerId", "providerId"),
  schema_picked AS (
    (SELECT * FROM schema_rows r ORDER BY ${listingOrder({
      pactAt: sql`r."pactCreatedAt"`,
      verifiedAt: sql`r."verifiedAt"`,
      consumerVersionId: sql`r."consumerVersionId"`,
      providerVersionId: sql`r."providerVersionId"`,
      verificationId: sql`r."verificationId"`,
      providerId: sql`r."providerId"`,
    })} LIMIT ${limit})
    UNION SELECT * FROM schema_rows WHERE success IS NOT TRUE
    UNION (SELECT DISTINCT ON ("consumerId", "providerId") * FROM schema_rows ORDER BY "consumerId", "providerId"))`;
}

/**
 * A whole-integration matrix with a latestby, summarised in SQL (RowSummary) so that neither the broker nor the
 * database handles every row of a busy integration (12 000 per integration on the benchmark): pact rows from
 * pactSummaryCtes, schema rows from schemaSummaryCtes, in one round trip. The integrations' counts travel as JSON
 * text beside every row (one statement, however many rows; parsed once).
 */
export async function findRowSummary(db: Db, lookup: RowLookup, latestby: LatestBy, limit: number): Promise<RowSummary> {
  const params: RowParams = {
    versionIds: sql.param(lookup.versionIds),
    allVersionsPacticipantIds: sql.param(lookup.allVersionsPacticipantIds),
    pacticipantIds: sql.param(lookup.pacticipantIds),
    specifiedPacticipantIds: sql.param(lookup.specifiedPacticipantIds),
  };
  const limitParam = sql.param(limit);
  const rows = await db.rows<RawRow & { totals: string | null }>(
    sql`WITH ${pactSummaryCtes(latestby, params, limitParam)},
      ${schemaSummaryCtes(lookup, latestby, params, limitParam)},
      totals AS (SELECT json_agg(t)::text AS totals FROM (SELECT * FROM pact_totals UNION ALL SELECT * FROM schema_totals) t)
    SELECT totals.totals, r.* FROM totals LEFT JOIN LATERAL (
      SELECT ${ROW_COLUMNS} FROM pact_picked f
        JOIN pact_publications pp ON pp.id = f.pub_id
        ${PUBLICATION_JOINS}
        LEFT JOIN LATERAL (
          SELECT vr.id, vr.number, vr.success, vr.created_at, vr.provider_version_id, prv.number AS provider_version_number
          FROM verifications vr JOIN versions prv ON prv.id = vr.provider_version_id WHERE vr.id = f.verification_id
        ) v ON true
      UNION ALL
      SELECT * FROM schema_picked
    ) r ON true`,
  );
  const totals = new Map<string, IntegrationTotals>();
  const perPart = (JSON.parse(rows[0]?.totals ?? 'null') as IntegrationTotals[] | null) ?? [];
  for (const integration of perPart) {
    const key = `${integration.consumerId}/${integration.providerId}`;
    const sum = totals.get(key);
    if (!sum) totals.set(key, { ...integration });
    else for (const count of ['rows', 'successes', 'failures', 'unknowns'] as const) sum[count] += integration[count];
  }
  return { rows: rows.filter((r) => r.pactPublicationId !== null).map(normalizeRow), integrations: [...totals.values()] };
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
