// Schema subjects (issue #8): a named contract (a .proto service, a JSON Schema, an OpenAPI document) that pacticipants
// publish as provider or consumer, with its compatibility mode; and the network edges it makes between pacticipants.
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';
import type { SchemaCompatibilityMode, SchemaKind } from '@treaty/wire';
import { NotFoundError } from '../../errors.ts';
import { enqueueJobs } from '../job-queue.ts';
import { schemaCheckJob, type SchemaCheckJobPayload } from './schema-check-jobs.ts';

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

export interface SubjectRow {
  id: number;
  name: string;
  kind: SchemaKind;
  compatibility: SchemaCompatibilityMode;
}

// ---- reads -------------------------------------------------------------------------------------------

export async function findSubject(db: Db, name: string): Promise<SubjectRow | undefined> {
  return db.maybeOne<SubjectRow>(sql`SELECT id, name, kind, compatibility FROM schema_subjects WHERE name = ${name}`);
}

/** A subject's compatibility mode; undefined once the subject is deleted. */
export async function findSubjectMode(db: Db, subjectId: number): Promise<SchemaCompatibilityMode | undefined> {
  return (
    await db.maybeOne<{ compatibility: SchemaCompatibilityMode }>(sql`SELECT compatibility FROM schema_subjects WHERE id = ${subjectId}`)
  )?.compatibility;
}

/** The subject, or a 404 that tells the user how to list the subjects. */
export async function requireSubject(db: Db, name: string): Promise<SubjectRow> {
  const subject = await findSubject(db, name);
  if (!subject)
    throw new NotFoundError(
      `No schema subject named "${name}". List the subjects with GET /schemas/subjects; a subject is created by its first publication.`,
    );
  return subject;
}

export interface SubjectSummaryRow extends SubjectRow {
  providers: string[];
  consumers: string[];
  publicationCount: number;
  latestPublishedAt: Date | null;
}

export async function listSubjects(db: Db, names?: readonly string[]): Promise<SubjectSummaryRow[]> {
  return db.rows<SubjectSummaryRow>(sql`SELECT s.id, s.name, s.kind, s.compatibility,
       COALESCE(array_agg(DISTINCT p.name) FILTER (WHERE sp.role = 'provider'), '{}') AS providers,
       COALESCE(array_agg(DISTINCT p.name) FILTER (WHERE sp.role = 'consumer'), '{}') AS consumers,
       count(sp.id)::int AS "publicationCount", max(sp.updated_at) AS "latestPublishedAt"
     FROM schema_subjects s
     LEFT JOIN schema_publications sp ON sp.subject_id = s.id
     LEFT JOIN pacticipants p ON p.id = sp.pacticipant_id
     ${names ? sql`WHERE s.name = ANY(${names}::text[])` : sql.empty}
     GROUP BY s.id ORDER BY s.name`);
}

/**
 * Sets a subject's mode. When it changes, the checks of the subject run again under the new mode (a matrix row
 * only counts a check made under the current mode): their job is enqueued in the same transaction.
 */
export async function setCompatibility(db: Db, subject: SubjectRow, mode: SchemaCompatibilityMode): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE schema_subjects SET compatibility = ${mode}, updated_at = now() WHERE id = ${subject.id}`);
    if (mode === subject.compatibility) return;
    const payload: SchemaCheckJobPayload = { trigger: 'mode-changed', subjectId: subject.id, compatibility: mode };
    await enqueueJobs(tx, [schemaCheckJob(payload, `schema-check:mode:${subject.id}:${mode}:${Date.now()}`)]);
  });
}
