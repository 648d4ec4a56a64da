// Batched reads behind GraphQL's schema types (issue #8): each function answers many keys in one query, so a page
// listing N schemas costs the same number of queries whatever N is (graphql/loaders.ts).
import type { SchemaFile } from '@treaty/wire';
import type { ContractCheckRow } from './contract-checks.ts';
import type { Db } from './db.ts';
import { PUBLICATION_FROM, type PublicationRow } from './schemas.ts';
import { groupBy } from './group-by.ts';
import { sql } from './sql.ts';

// As store/schemas.ts selects them, minus the branch lookup per row: the GraphQL Schema type does not show it.
const PUBLICATION_COLUMNS = sql`sp.id, sp.subject_id AS "subjectId", s.name AS subject, s.kind, sp.role, sp.pacticipant_id AS "pacticipantId",
  p.name AS pacticipant, sp.version_id AS "versionId", v.number AS version, NULL::text AS branch,
  sp.content_id AS "contentId", sc.sha, sp.revision_number AS "revisionNumber", sp.updated_at AS "publishedAt"`;

/** Publications per subject id, newest first. */
export async function publicationsOfSubjects(db: Db, subjectIds: readonly number[]): Promise<Map<number, PublicationRow[]>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await db.rows<PublicationRow>(
    sql`SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM} WHERE sp.subject_id = ANY(${subjectIds}::int[]) ORDER BY sp.version_id DESC, sp.id DESC`,
  );
  return groupBy(rows, (r) => r.subjectId);
}

/** The latest publication per subject and role of each pacticipant. */
export async function latestPublicationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, PublicationRow[]>> {
  if (pacticipantIds.length === 0) return new Map();
  const rows =
    await db.rows<PublicationRow>(sql`SELECT DISTINCT ON (sp.pacticipant_id, sp.subject_id, sp.role) ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM}
     WHERE sp.pacticipant_id = ANY(${pacticipantIds}::int[]) ORDER BY sp.pacticipant_id, sp.subject_id, sp.role, sp.version_id DESC`);
  return groupBy(rows, (r) => r.pacticipantId);
}

export async function contentsByIds(db: Db, ids: readonly number[]): Promise<Map<number, SchemaFile[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<{ id: number; files: SchemaFile[] }>(sql`SELECT id, files FROM schema_contents WHERE id = ANY(${ids}::int[])`);
  return new Map(rows.map((r) => [r.id, r.files]));
}

/** For each publication id, the one of the same subject, pacticipant and role just before it. */
export async function previousPublications(db: Db, ids: readonly number[]): Promise<Map<number, PublicationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<PublicationRow & { forId: number }>(sql`SELECT cur.id AS "forId", prev.* FROM schema_publications cur
     CROSS JOIN LATERAL (
       SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM}
       WHERE sp.subject_id = cur.subject_id AND sp.pacticipant_id = cur.pacticipant_id AND sp.role = cur.role AND sp.version_id < cur.version_id
       ORDER BY sp.version_id DESC LIMIT 1
     ) prev
     WHERE cur.id = ANY(${ids}::int[])`);
  return new Map(rows.map(({ forId, ...r }) => [forId, r]));
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

/** A schema dependency for the network graph: a consumer reads a subject that a provider publishes. */
export interface SchemaEdgeRow {
  subject: string;
  consumerId: number;
  consumerName: string;
  providerId: number;
  providerName: string;
  /** Treaty's check of the consumer's latest schema against the provider's latest, under the current mode; null: not checked yet. */
  latestStatus: 'success' | 'failure' | 'unknown' | null;
  /** Some earlier pair of their contents was checked (the latest pair is awaiting its check). */
  everChecked: boolean;
}

/** Every consumer→provider schema dependency, with the status of the check of their latest publications. One query. */
export async function listSchemaEdges(db: Db): Promise<SchemaEdgeRow[]> {
  return db.rows<SchemaEdgeRow>(sql`WITH latest AS (
       SELECT DISTINCT ON (subject_id, pacticipant_id, role) subject_id, pacticipant_id, role, content_id
         FROM schema_publications ORDER BY subject_id, pacticipant_id, role, version_id DESC
     )
     SELECT s.name AS subject, c.pacticipant_id AS "consumerId", cp.name AS "consumerName", p.pacticipant_id AS "providerId", pp.name AS "providerName",
            (SELECT cc.status FROM contract_checks cc
              WHERE cc.subject_id = s.id AND cc.kind = 'consumer-schema' AND cc.base_content_id = c.content_id
                AND cc.provider_content_id = p.content_id AND cc.compatibility = s.compatibility
              ORDER BY cc.id DESC LIMIT 1) AS "latestStatus",
            EXISTS (SELECT 1 FROM contract_checks cc WHERE cc.subject_id = s.id AND cc.kind = 'consumer-schema') AS "everChecked"
       FROM latest c
       JOIN latest p ON p.subject_id = c.subject_id AND p.role = 'provider' AND p.pacticipant_id <> c.pacticipant_id
       JOIN schema_subjects s ON s.id = c.subject_id
       JOIN pacticipants cp ON cp.id = c.pacticipant_id
       JOIN pacticipants pp ON pp.id = p.pacticipant_id
      WHERE c.role = 'consumer'
      ORDER BY cp.name, pp.name, s.name`);
}
