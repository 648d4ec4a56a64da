// Schema subjects, contents and publications (issue #8). Publishing is one transaction: the pacticipant, version,
// branch and tags, the subject, the content (stored once per SHA) and the publication, and the schema-check jobs it
// causes — so a publication that commits always has its checks queued, and a rolled-back one has none.
import type { SchemaFile, SchemaKind, SchemaPublishOutcome, SchemaRole } from '@treaty/wire';
import { canonicalFiles, schemaContentSha } from '../../domain/schemas/schema-content.ts';
import { DEFAULT_COMPATIBILITY } from '../../domain/schemas/schema-kinds.ts';
import { ConflictError } from '../../errors.ts';
import { enqueueJobs } from '../job-queue.ts';
import { schemaCheckJob, type SchemaCheckJobPayload } from './schema-check-jobs.ts';
import type { Db } from '../db.ts';
import { addTag } from '../pacticipants/tags.ts';
import { addToBranch } from '../pacticipants/branches.ts';
import { findOrCreatePacticipant, nameKey } from '../pacticipants/pacticipants.ts';
import { findOrCreateVersion } from '../pacticipants/versions.ts';
import { jsonbText, sql } from '../sql.ts';
import { groupBy } from '../group-by.ts';
import type { SubjectRow } from './subjects.ts';

export interface PublishSchemaInput {
  pacticipantName: string;
  versionNumber: string;
  branch?: string | undefined;
  tags?: string[] | undefined;
  buildUrl?: string | undefined;
  subject: string;
  kind: SchemaKind;
  role: SchemaRole;
  files: SchemaFile[];
  overwrite?: boolean | undefined;
}

export interface PublishSchemaResult {
  subject: string;
  sha: string;
  kind: SchemaKind;
  role: SchemaRole;
  outcome: SchemaPublishOutcome;
  checksQueued: number;
  pacticipant: string;
  version: string;
}

export interface PublicationRow {
  id: number;
  subjectId: number;
  subject: string;
  kind: SchemaKind;
  role: SchemaRole;
  pacticipantId: number;
  pacticipant: string;
  versionId: number;
  version: string;
  branch: string | null;
  contentId: number;
  sha: string;
  revisionNumber: number;
  publishedAt: Date;
}

export interface PublicationWithFiles extends PublicationRow {
  files: SchemaFile[];
}

const PUBLICATION_COLUMNS = sql`sp.id, sp.subject_id AS "subjectId", s.name AS subject, s.kind, sp.role, sp.pacticipant_id AS "pacticipantId",
  p.name AS pacticipant, sp.version_id AS "versionId", v.number AS version,
  (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
  sp.content_id AS "contentId", sc.sha, sp.revision_number AS "revisionNumber", sp.updated_at AS "publishedAt"`;
/** The joins every publication read needs (also the batched GraphQL reads in graphql-schemas.ts). */
export const PUBLICATION_FROM = sql`FROM schema_publications sp
  JOIN schema_subjects s ON s.id = sp.subject_id
  JOIN pacticipants p ON p.id = sp.pacticipant_id
  JOIN versions v ON v.id = sp.version_id
  JOIN schema_contents sc ON sc.id = sp.content_id`;

export function publishSchema(db: Db, input: PublishSchemaInput, options: { allowOverwrite: boolean }): Promise<PublishSchemaResult> {
  return db.transaction(async (tx) => {
    const { pacticipant } = await findOrCreatePacticipant(tx, input.pacticipantName);
    const { version } = await findOrCreateVersion(tx, pacticipant.id, input.versionNumber, input.buildUrl);
    if (input.branch) await addToBranch(tx, version, input.branch);
    for (const tag of new Set(input.tags ?? [])) await addTag(tx, version, tag);
    const subject = await findOrCreateSubject(tx, input.subject, input.kind);
    const files = canonicalFiles(input.files);
    const sha = schemaContentSha(input.kind, files);
    const contentId = await findOrCreateContent(tx, sha, input.kind, files);
    // One publisher at a time per subject × version × role, so the conflict check below cannot race.
    await tx.rows(
      sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('treaty:schema-publication:' || ${subject.id}::text || ':' || ${version.id}::text || ':' || ${input.role}::text, 0))`,
    );
    const existing = await tx.rows<{ id: number; contentId: number; revisionNumber: number }>(
      sql`SELECT id, content_id AS "contentId", revision_number AS "revisionNumber" FROM schema_publications WHERE subject_id = ${subject.id} AND version_id = ${version.id} AND role = ${input.role}`,
    );
    const base = { subject: subject.name, sha, kind: input.kind, role: input.role, pacticipant: pacticipant.name, version: version.number };
    const before = existing[0];
    if (before && before.contentId === contentId) return { ...base, outcome: 'unchanged', checksQueued: 0 };
    if (before && !(options.allowOverwrite && input.overwrite !== false)) {
      throw new ConflictError(
        `${pacticipant.name} ${version.number} already published different ${input.role} content for subject "${subject.name}". ` +
          'Publish under a new version, or allow overwriting (TREATY_ALLOW_CONTRACT_OVERWRITE=true on the broker, and overwrite: true in the request).',
      );
    }
    let publicationId: number;
    let revision: number;
    if (before) {
      revision = before.revisionNumber + 1;
      await tx.execute(
        sql`UPDATE schema_publications SET content_id = ${contentId}, revision_number = ${revision}, updated_at = now() WHERE id = ${before.id}`,
      );
      publicationId = before.id;
    } else {
      revision = 1;
      const rows = await tx.rows<{ id: number }>(
        sql`INSERT INTO schema_publications (subject_id, pacticipant_id, version_id, content_id, role) VALUES (${subject.id}, ${pacticipant.id}, ${version.id}, ${contentId}, ${input.role}) RETURNING id`,
      );
      publicationId = rows[0]!.id;
    }
    const payload: SchemaCheckJobPayload = { trigger: 'schema-published', publicationId, revision };
    await enqueueJobs(tx, [schemaCheckJob(payload, `schema-check:pub${publicationId}:r${revision}`)]);
    return { ...base, outcome: before ? 'overwritten' : 'created', checksQueued: 1 };
  });
}

async function findOrCreateSubject(db: Db, name: string, kind: SchemaKind): Promise<SubjectRow> {
  const rows =
    await db.rows<SubjectRow>(sql`INSERT INTO schema_subjects (name, kind, compatibility) VALUES (${name}, ${kind}, ${DEFAULT_COMPATIBILITY})
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name, kind, compatibility`);
  const subject = rows[0]!;
  if (subject.kind !== kind) {
    throw new ConflictError(
      `Subject "${name}" holds ${subject.kind} schemas; a ${kind} schema cannot be published under it. Use another subject name.`,
    );
  }
  return subject;
}

async function findOrCreateContent(db: Db, sha: string, kind: SchemaKind, files: SchemaFile[]): Promise<number> {
  const inserted = await db.rows<{ id: number }>(
    sql`INSERT INTO schema_contents (sha, kind, files) VALUES (${sha}, ${kind}, ${jsonbText(files)}::jsonb) ON CONFLICT (sha) DO NOTHING RETURNING id`,
  );
  if (inserted[0]) return inserted[0].id;
  return (await db.one<{ id: number }>(sql`SELECT id FROM schema_contents WHERE sha = ${sha}`)).id;
}

/** The latest provider publication of each provider pacticipant of a subject. */
export async function latestProviderPublicationIds(db: Db, subjectId: number): Promise<number[]> {
  const rows = await db.rows<{ id: number }>(
    sql`SELECT DISTINCT ON (pacticipant_id) id FROM schema_publications WHERE subject_id = ${subjectId} AND role = 'provider'
        ORDER BY pacticipant_id, version_id DESC`,
  );
  return rows.map((r) => r.id);
}

/** Publications of a subject, newest first (optionally of one pacticipant and role). */
export async function listPublications(
  db: Db,
  subjectId: number,
  filter: { pacticipant?: string; role?: SchemaRole; limit?: number } = {},
): Promise<PublicationRow[]> {
  const conditions = [sql`sp.subject_id = ${subjectId}`];
  if (filter.pacticipant !== undefined) conditions.push(sql`p.name_key = ${nameKey(filter.pacticipant)}`);
  if (filter.role !== undefined) conditions.push(sql`sp.role = ${filter.role}`);
  return db.rows<PublicationRow>(sql`SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM}
     WHERE ${sql.join(conditions, sql` AND `)}
     ORDER BY sp.version_id DESC, sp.id DESC LIMIT ${filter.limit ?? 200}`);
}

/** Publications by their ids, with their files. */
export async function findPublicationsByIds(db: Db, ids: readonly number[]): Promise<PublicationWithFiles[]> {
  if (ids.length === 0) return [];
  return db.rows<PublicationWithFiles>(sql`SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM} WHERE sp.id = ANY(${ids}::int[])`);
}

/** Every publication of these pacticipants (ids), newest first; for GraphQL's batched loaders. */
export async function findPublicationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<PublicationRow[]> {
  if (pacticipantIds.length === 0) return [];
  return db.rows<PublicationRow>(
    sql`SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM} WHERE sp.pacticipant_id = ANY(${pacticipantIds}::int[]) ORDER BY sp.version_id DESC, sp.id DESC`,
  );
}

export async function findPublication(
  db: Db,
  subjectId: number,
  pacticipant: string,
  version: string,
  role: SchemaRole,
): Promise<PublicationWithFiles | undefined> {
  return db.maybeOne<PublicationWithFiles>(
    sql`SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM} WHERE sp.subject_id = ${subjectId} AND p.name_key = ${nameKey(pacticipant)} AND v.number = ${version} AND sp.role = ${role}`,
  );
}

/** The publication of the same pacticipant and role just before this one (by version order). */
export async function findPreviousPublication(db: Db, publication: PublicationRow): Promise<PublicationWithFiles | undefined> {
  return db.maybeOne<PublicationWithFiles>(sql`SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM}
     WHERE sp.subject_id = ${publication.subjectId} AND sp.pacticipant_id = ${publication.pacticipantId} AND sp.role = ${publication.role} AND sp.version_id < ${publication.versionId}
     ORDER BY sp.version_id DESC LIMIT 1`);
}

/**
 * The publications a check compares against, oldest first: of one role, optionally of one pacticipant, at one version
 * number, or of versions currently deployed or released (support not ended) in an environment.
 */
export async function findPublicationsToCompare(
  db: Db,
  subjectId: number,
  role: SchemaRole,
  filter: { pacticipant?: string | undefined; version?: string | undefined; environment?: string | undefined },
): Promise<PublicationWithFiles[]> {
  const conditions = [sql`sp.subject_id = ${subjectId}`, sql`sp.role = ${role}`];
  if (filter.pacticipant !== undefined) conditions.push(sql`p.name_key = ${nameKey(filter.pacticipant)}`);
  if (filter.version !== undefined) conditions.push(sql`v.number = ${filter.version}`);
  if (filter.environment !== undefined) {
    const environment = sql.param(filter.environment);
    conditions.push(sql`sp.version_id IN (
         SELECT cd.version_id FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE e.name = ${environment}
         UNION SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid
          WHERE e.name = ${environment} AND rv.support_ended_at IS NULL)`);
  }
  return db.rows<PublicationWithFiles>(
    sql`SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM} WHERE ${sql.join(conditions, sql` AND `)} ORDER BY sp.version_id, sp.id`,
  );
}

export async function environmentExists(db: Db, name: string): Promise<boolean> {
  const rows = await db.rows<{ name: string }>(sql`SELECT name FROM environments WHERE name = ${name}`);
  return rows.length > 0;
}

// As PUBLICATION_COLUMNS, minus the branch lookup per row: the GraphQL Schema type does not show it.
const PUBLICATION_COLUMNS_WITHOUT_BRANCH = sql`sp.id, sp.subject_id AS "subjectId", s.name AS subject, s.kind, sp.role, sp.pacticipant_id AS "pacticipantId",
  p.name AS pacticipant, sp.version_id AS "versionId", v.number AS version, NULL::text AS branch,
  sp.content_id AS "contentId", sc.sha, sp.revision_number AS "revisionNumber", sp.updated_at AS "publishedAt"`;

/** Publications per subject id, newest first. */
export async function publicationsOfSubjects(db: Db, subjectIds: readonly number[]): Promise<Map<number, PublicationRow[]>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await db.rows<PublicationRow>(
    sql`SELECT ${PUBLICATION_COLUMNS_WITHOUT_BRANCH} ${PUBLICATION_FROM} WHERE sp.subject_id = ANY(${subjectIds}::int[]) ORDER BY sp.version_id DESC, sp.id DESC`,
  );
  return groupBy(rows, (r) => r.subjectId);
}

/** The latest publication per subject and role of each pacticipant. */
export async function latestPublicationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, PublicationRow[]>> {
  if (pacticipantIds.length === 0) return new Map();
  const rows =
    await db.rows<PublicationRow>(sql`SELECT DISTINCT ON (sp.pacticipant_id, sp.subject_id, sp.role) ${PUBLICATION_COLUMNS_WITHOUT_BRANCH} ${PUBLICATION_FROM}
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
       SELECT ${PUBLICATION_COLUMNS_WITHOUT_BRANCH} ${PUBLICATION_FROM}
       WHERE sp.subject_id = cur.subject_id AND sp.pacticipant_id = cur.pacticipant_id AND sp.role = cur.role AND sp.version_id < cur.version_id
       ORDER BY sp.version_id DESC LIMIT 1
     ) prev
     WHERE cur.id = ANY(${ids}::int[])`);
  return new Map(rows.map(({ forId, ...r }) => [forId, r]));
}
