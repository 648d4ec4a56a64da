// The results of the checks Treaty runs itself (table contract_checks), and the queries that decide which pairs a
// schema-check job compares. A check is identified by its check_key (what was compared, under which mode); running
// it again (a retried job, a re-check after a mode change) replaces the row, so a job can run twice safely.
import type { SchemaCompatibilityMode, SchemaFile, SchemaFinding, SchemaKind } from '@treaty/wire';
import {
  ProviderContractKinds,
  type CheckStatus,
  type ContractCheckKind,
  type PactCheckKind,
  type ProviderContractKind,
} from '../../domain/schemas/schema-kinds.ts';
import type { NewJob } from '../job-queue.ts';
import { schemaCheckJob } from './schema-check-jobs.ts';
import type { Db } from '../db.ts';
import { jsonbText, sql } from '../sql.ts';

export interface NewContractCheck {
  checkKey: string;
  kind: ContractCheckKind | PactCheckKind;
  subjectId: number;
  compatibility: SchemaCompatibilityMode;
  baseContentId: number | null;
  providerContentId: number;
  consumerVersionId: number | null;
  providerVersionId: number | null;
  status: CheckStatus;
  findings: SchemaFinding[];
}

/** Records (or replaces) a check; its id. */
export async function recordContractCheck(db: Db, check: NewContractCheck): Promise<number> {
  const row = await db.one<{
    id: number;
  }>(sql`INSERT INTO contract_checks (check_key, kind, subject_id, compatibility, base_content_id, provider_content_id, consumer_version_id, provider_version_id, status, findings)
     VALUES (${check.checkKey}, ${check.kind}, ${check.subjectId}, ${check.compatibility}, ${check.baseContentId}, ${check.providerContentId}, ${check.consumerVersionId}, ${check.providerVersionId}, ${check.status}, ${jsonbText(check.findings)}::jsonb)
     ON CONFLICT (check_key) DO UPDATE SET status = EXCLUDED.status, findings = EXCLUDED.findings, consumer_version_id = EXCLUDED.consumer_version_id,
       provider_version_id = EXCLUDED.provider_version_id, created_at = now()
     RETURNING id`);
  return row.id;
}

export async function contractCheckExists(db: Db, checkKey: string): Promise<boolean> {
  const rows = await db.rows<{ id: number }>(sql`SELECT id FROM contract_checks WHERE check_key = ${checkKey}`);
  return rows.length > 0;
}

export interface ContractCheckRow {
  id: number;
  kind: string;
  subjectId: number;
  subject: string;
  compatibility: SchemaCompatibilityMode;
  status: CheckStatus;
  findings: SchemaFinding[];
  consumerName: string | null;
  consumerVersion: string | null;
  providerName: string | null;
  providerVersion: string | null;
  providerVersionId: number | null;
  providerContentId: number;
  createdAt: Date;
}

const CHECK_COLUMNS = sql`cc.id, cc.kind, cc.subject_id AS "subjectId", s.name AS subject, cc.compatibility, cc.status, cc.findings,
  cp.name AS "consumerName", cv.number AS "consumerVersion", pp.name AS "providerName", pv.number AS "providerVersion",
  cc.provider_version_id AS "providerVersionId", cc.provider_content_id AS "providerContentId", cc.created_at AS "createdAt"`;
const CHECK_FROM = sql`FROM contract_checks cc
  JOIN schema_subjects s ON s.id = cc.subject_id
  LEFT JOIN versions cv ON cv.id = cc.consumer_version_id LEFT JOIN pacticipants cp ON cp.id = cv.pacticipant_id
  LEFT JOIN versions pv ON pv.id = cc.provider_version_id LEFT JOIN pacticipants pp ON pp.id = pv.pacticipant_id`;

/** The latest checks of a subject, newest first. */
export function listChecksOfSubject(db: Db, subjectId: number, limit = 50): Promise<ContractCheckRow[]> {
  return db.rows<ContractCheckRow>(
    sql`SELECT ${CHECK_COLUMNS} ${CHECK_FROM} WHERE cc.subject_id = ${subjectId} ORDER BY cc.created_at DESC, cc.id DESC LIMIT ${limit}`,
  );
}

/** The latest check that judged each of these provider-side versions' contents (GraphQL's `lastCheck`), keyed by `subjectId:versionId`. */
export async function latestChecksForVersions(
  db: Db,
  pairs: ReadonlyArray<{ subjectId: number; versionId: number }>,
): Promise<Map<string, ContractCheckRow>> {
  const result = new Map<string, ContractCheckRow>();
  if (pairs.length === 0) return result;
  const rows = await db.rows<ContractCheckRow>(sql`SELECT DISTINCT ON (cc.subject_id, cc.provider_version_id) ${CHECK_COLUMNS} ${CHECK_FROM}
     WHERE (cc.subject_id, cc.provider_version_id) IN (SELECT * FROM unnest(${pairs.map((p) => p.subjectId)}::int[], ${pairs.map((p) => p.versionId)}::int[]))
     ORDER BY cc.subject_id, cc.provider_version_id, cc.created_at DESC, cc.id DESC`);
  for (const r of rows) result.set(`${r.subjectId}:${r.providerVersionId}`, r);
  return result;
}

// ---- what a job compares -----------------------------------------------------------------------------

export interface ContentRef {
  contentId: number;
  /** The newest version that published this content (for display). */
  versionId: number;
  pacticipantId: number;
  kind: SchemaKind;
  files: SchemaFile[];
}

/**
 * The distinct contents published for a subject in a role (optionally by one pacticipant, before a version), newest
 * first. Checks are per content pair, like verifications per pact content: every version that published the same
 * content shares the result.
 */
export function distinctContents(
  db: Db,
  subjectId: number,
  role: 'provider' | 'consumer',
  options: { pacticipantId?: number; beforeVersionId?: number; limit?: number } = {},
): Promise<ContentRef[]> {
  const pacticipantId = sql.param(options.pacticipantId ?? null);
  const beforeVersionId = sql.param(options.beforeVersionId ?? null);
  return db.rows<ContentRef>(sql`SELECT x."contentId", x."versionId", x."pacticipantId", sc.kind, sc.files FROM (
       SELECT sp.content_id AS "contentId", max(sp.version_id) AS "versionId", min(sp.pacticipant_id) AS "pacticipantId"
       FROM schema_publications sp
       WHERE sp.subject_id = ${subjectId} AND sp.role = ${role} AND (${pacticipantId}::int IS NULL OR sp.pacticipant_id = ${pacticipantId}) AND (${beforeVersionId}::int IS NULL OR sp.version_id < ${beforeVersionId})
       GROUP BY sp.content_id
     ) x JOIN schema_contents sc ON sc.id = x."contentId"
     ORDER BY x."versionId" DESC LIMIT ${options.limit ?? 50}`);
}

export interface PactToCheck {
  pactVersionId: number;
  sha: string;
  content: string;
  consumerName: string;
  /** the consumer version that published this content last (shown with the check) */
  consumerVersionId: number | null;
  providerName: string;
  providerId: number;
}

const PACT_TO_CHECK_COLUMNS = sql`pv.id AS "pactVersionId", pv.sha, pv.content, c.name AS "consumerName", p.name AS "providerName", pv.provider_id AS "providerId",
  (SELECT pp.consumer_version_id FROM pact_publications pp WHERE pp.pact_version_id = pv.id ORDER BY pp.id DESC LIMIT 1) AS "consumerVersionId"`;

/** The distinct pact contents most recently published for a provider. */
export function recentPactsForProvider(db: Db, providerId: number, limit = 50): Promise<PactToCheck[]> {
  return db.rows<PactToCheck>(sql`SELECT ${PACT_TO_CHECK_COLUMNS}
     FROM (SELECT pact_version_id, max(id) AS last FROM pact_publications WHERE provider_id = ${providerId} GROUP BY pact_version_id ORDER BY last DESC LIMIT ${limit}) x
     JOIN pact_versions pv ON pv.id = x.pact_version_id JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants p ON p.id = pv.provider_id`);
}

export async function findPactToCheck(db: Db, pactVersionId: number): Promise<PactToCheck | undefined> {
  return db.maybeOne<PactToCheck>(sql`SELECT ${PACT_TO_CHECK_COLUMNS}
     FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants p ON p.id = pv.provider_id WHERE pv.id = ${pactVersionId}`);
}

/** A provider's OpenAPI or AsyncAPI publication: what its consumers' pacts are checked against. */
export interface ProviderContract {
  kind: ProviderContractKind;
  subjectId: number;
  contentId: number;
  versionId: number;
  versionNumber: string;
  files: SchemaFile[];
}

/**
 * The provider versions whose contracts matter for a new pact: the latest publication of each of its OpenAPI and
 * AsyncAPI subjects, and the versions currently deployed or released (support not ended).
 */
export async function providerContractVersions(db: Db, id: number): Promise<number[]> {
  const providerId = sql.param(id);
  const rows = await db.rows<{ versionId: number }>(sql`SELECT DISTINCT sp.version_id AS "versionId"
     FROM schema_publications sp JOIN schema_subjects s ON s.id = sp.subject_id
     WHERE sp.pacticipant_id = ${providerId} AND sp.role = 'provider' AND s.kind = ANY(${[...ProviderContractKinds]}::text[])
       AND (sp.version_id = (SELECT max(x.version_id) FROM schema_publications x WHERE x.subject_id = sp.subject_id AND x.pacticipant_id = ${providerId} AND x.role = 'provider')
            OR sp.version_id IN (SELECT version_id FROM current_deployments WHERE pacticipant_id = ${providerId})
            OR sp.version_id IN (SELECT version_id FROM released_versions WHERE pacticipant_id = ${providerId} AND support_ended_at IS NULL))
     ORDER BY 1`);
  return rows.map((r) => r.versionId);
}

/** Every OpenAPI and AsyncAPI document one provider version published: together they describe what it offers. */
export function providerContractsOfVersion(db: Db, versionId: number): Promise<ProviderContract[]> {
  return db.rows<ProviderContract>(sql`SELECT s.kind, sp.subject_id AS "subjectId", sp.content_id AS "contentId", sp.version_id AS "versionId", v.number AS "versionNumber", sc.files
     FROM schema_publications sp JOIN schema_subjects s ON s.id = sp.subject_id JOIN versions v ON v.id = sp.version_id JOIN schema_contents sc ON sc.id = sp.content_id
     WHERE sp.version_id = ${versionId} AND sp.role = 'provider' AND s.kind = ANY(${[...ProviderContractKinds]}::text[])
     ORDER BY sp.subject_id`);
}

/**
 * The schema-check job a pact publication causes: only when its provider has published an OpenAPI or AsyncAPI
 * document (otherwise there is nothing for Treaty to check it against). Called by store/pacts/publication-events.ts in the
 * publish transaction.
 */
export async function pactSchemaCheckJobs(db: Db, facts: { providerId: number; pactVersionId: number }): Promise<NewJob[]> {
  const found = await db.one<{
    any: boolean;
  }>(sql`SELECT EXISTS (SELECT 1 FROM schema_publications sp JOIN schema_subjects s ON s.id = sp.subject_id
       WHERE sp.pacticipant_id = ${facts.providerId} AND sp.role = 'provider' AND s.kind = ANY(${[...ProviderContractKinds]}::text[])) AS "any"`);
  return found.any
    ? [schemaCheckJob({ trigger: 'pact-published', pactVersionId: facts.pactVersionId }, `schema-check:pact:${facts.pactVersionId}`)]
    : [];
}

/**
 * The latest check that involved each publication: for a provider publication, the latest check of its content
 * (its evolution, or a consumer's schema against it); for a consumer publication, the latest check of its content
 * against a provider's. Keyed by publication id.
 */
export async function latestChecksOfPublications(db: Db, ids: readonly number[]): Promise<Map<number, ContractCheckRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<ContractCheckRow & { forId: number }>(sql`SELECT pub.id AS "forId", chk.* FROM schema_publications pub
     CROSS JOIN LATERAL (
       SELECT cc.id, cc.kind, cc.subject_id AS "subjectId", s.name AS subject, cc.compatibility, cc.status, cc.findings,
         cp.name AS "consumerName", cv.number AS "consumerVersion", pp.name AS "providerName", pv.number AS "providerVersion",
         cc.provider_version_id AS "providerVersionId", cc.provider_content_id AS "providerContentId", cc.created_at AS "createdAt"
       FROM contract_checks cc
       JOIN schema_subjects s ON s.id = cc.subject_id
       LEFT JOIN versions cv ON cv.id = cc.consumer_version_id LEFT JOIN pacticipants cp ON cp.id = cv.pacticipant_id
       LEFT JOIN versions pv ON pv.id = cc.provider_version_id LEFT JOIN pacticipants pp ON pp.id = pv.pacticipant_id
       WHERE cc.subject_id = pub.subject_id AND cc.compatibility = s.compatibility
         AND (CASE WHEN pub.role = 'provider' THEN cc.provider_content_id = pub.content_id AND cc.kind NOT LIKE 'pact-%'
                   ELSE cc.base_content_id = pub.content_id AND cc.kind = 'consumer-schema' END)
       ORDER BY cc.created_at DESC, cc.id DESC LIMIT 1
     ) chk
     WHERE pub.id = ANY(${ids}::int[])`);
  return new Map(rows.map(({ forId, ...r }) => [forId, r]));
}
