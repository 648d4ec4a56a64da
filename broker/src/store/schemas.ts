// Schema subjects, contents and publications (issue #8). Publishing is one transaction: the pacticipant, version,
// branch and tags, the subject, the content (stored once per SHA) and the publication, and the schema-check jobs it
// causes — so a publication that commits always has its checks queued, and a rolled-back one has none.
import type { PrismaClient } from '@treaty/prisma';
import type { SchemaCompatibilityMode, SchemaFile, SchemaKind, SchemaPublishOutcome, SchemaRole } from '@treaty/wire';
import { canonicalFiles, schemaContentSha } from '../domain/schemas/schema-content.ts';
import { DEFAULT_COMPATIBILITY } from '../domain/schemas/schema-kinds.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import { schemaCheckJob, type SchemaCheckJobPayload } from '../jobs/schema-check-payload.ts';
import { inTransaction, type Db } from './db.ts';
import { addTag, addToBranch, findOrCreatePacticipant, findOrCreateVersion, nameKey } from './pacticipants.ts';

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

export interface SubjectRow {
  id: number;
  name: string;
  kind: SchemaKind;
  compatibility: SchemaCompatibilityMode;
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

const PUBLICATION_COLUMNS = `sp.id, sp.subject_id AS "subjectId", s.name AS subject, s.kind, sp.role, sp.pacticipant_id AS "pacticipantId",
  p.name AS pacticipant, sp.version_id AS "versionId", v.number AS version,
  (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
  sp.content_id AS "contentId", sc.sha, sp.revision_number AS "revisionNumber", sp.updated_at AS "publishedAt"`;
/** The joins every publication read needs (also the batched GraphQL reads in graphql-schemas.ts). */
export const PUBLICATION_FROM = `FROM schema_publications sp
  JOIN schema_subjects s ON s.id = sp.subject_id
  JOIN pacticipants p ON p.id = sp.pacticipant_id
  JOIN versions v ON v.id = sp.version_id
  JOIN schema_contents sc ON sc.id = sp.content_id`;

export function publishSchema(
  prisma: PrismaClient,
  input: PublishSchemaInput,
  options: { allowOverwrite: boolean },
): Promise<PublishSchemaResult> {
  return inTransaction(prisma, async (tx) => {
    const { pacticipant } = await findOrCreatePacticipant(tx, input.pacticipantName);
    const { version } = await findOrCreateVersion(tx, pacticipant.id, input.versionNumber, input.buildUrl);
    if (input.branch) await addToBranch(tx, version, input.branch);
    for (const tag of new Set(input.tags ?? [])) await addTag(tx, version, tag);
    const subject = await findOrCreateSubject(tx, input.subject, input.kind);
    const files = canonicalFiles(input.files);
    const sha = schemaContentSha(input.kind, files);
    const contentId = await findOrCreateContent(tx, sha, input.kind, files);
    // One publisher at a time per subject × version × role, so the conflict check below cannot race.
    await tx.$queryRawUnsafe(
      `SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('treaty:schema-publication:' || $1::text || ':' || $2::text || ':' || $3::text, 0))`,
      subject.id,
      version.id,
      input.role,
    );
    const existing = await tx.$queryRawUnsafe<Array<{ id: number; contentId: number; revisionNumber: number }>>(
      `SELECT id, content_id AS "contentId", revision_number AS "revisionNumber" FROM schema_publications WHERE subject_id = $1 AND version_id = $2 AND role = $3`,
      subject.id,
      version.id,
      input.role,
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
      await tx.$executeRawUnsafe(
        `UPDATE schema_publications SET content_id = $2, revision_number = $3, updated_at = now() WHERE id = $1`,
        before.id,
        contentId,
        revision,
      );
      publicationId = before.id;
    } else {
      revision = 1;
      const rows = await tx.$queryRawUnsafe<Array<{ id: number }>>(
        `INSERT INTO schema_publications (subject_id, pacticipant_id, version_id, content_id, role) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        subject.id,
        pacticipant.id,
        version.id,
        contentId,
        input.role,
      );
      publicationId = rows[0]!.id;
    }
    const payload: SchemaCheckJobPayload = { trigger: 'schema-published', publicationId, revision };
    await enqueueJobs(tx, [schemaCheckJob(payload, `schema-check:pub${publicationId}:r${revision}`)]);
    return { ...base, outcome: before ? 'overwritten' : 'created', checksQueued: 1 };
  });
}

async function findOrCreateSubject(db: Db, name: string, kind: SchemaKind): Promise<SubjectRow> {
  const rows = await db.$queryRawUnsafe<SubjectRow[]>(
    `INSERT INTO schema_subjects (name, kind, compatibility) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name, kind, compatibility`,
    name,
    kind,
    DEFAULT_COMPATIBILITY,
  );
  const subject = rows[0]!;
  if (subject.kind !== kind) {
    throw new ConflictError(
      `Subject "${name}" holds ${subject.kind} schemas; a ${kind} schema cannot be published under it. Use another subject name.`,
    );
  }
  return subject;
}

async function findOrCreateContent(db: Db, sha: string, kind: SchemaKind, files: SchemaFile[]): Promise<number> {
  const inserted = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `INSERT INTO schema_contents (sha, kind, files) VALUES ($1, $2, $3::jsonb) ON CONFLICT (sha) DO NOTHING RETURNING id`,
    sha,
    kind,
    JSON.stringify(files),
  );
  if (inserted[0]) return inserted[0].id;
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(`SELECT id FROM schema_contents WHERE sha = $1`, sha);
  return rows[0]!.id;
}

// ---- reads -------------------------------------------------------------------------------------------

export async function findSubject(db: Db, name: string): Promise<SubjectRow | undefined> {
  const rows = await db.$queryRawUnsafe<SubjectRow[]>(`SELECT id, name, kind, compatibility FROM schema_subjects WHERE name = $1`, name);
  return rows[0];
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
  return db.$queryRawUnsafe<SubjectSummaryRow[]>(
    `SELECT s.id, s.name, s.kind, s.compatibility,
       COALESCE(array_agg(DISTINCT p.name) FILTER (WHERE sp.role = 'provider'), '{}') AS providers,
       COALESCE(array_agg(DISTINCT p.name) FILTER (WHERE sp.role = 'consumer'), '{}') AS consumers,
       count(sp.id)::int AS "publicationCount", max(sp.updated_at) AS "latestPublishedAt"
     FROM schema_subjects s
     LEFT JOIN schema_publications sp ON sp.subject_id = s.id
     LEFT JOIN pacticipants p ON p.id = sp.pacticipant_id
     WHERE ($1::text[] IS NULL OR s.name = ANY($1::text[]))
     GROUP BY s.id ORDER BY s.name`,
    names ? [...names] : null,
  );
}

/** Publications of a subject, newest first (optionally of one pacticipant and role). */
export async function listPublications(
  db: Db,
  subjectId: number,
  filter: { pacticipant?: string; role?: SchemaRole; limit?: number } = {},
): Promise<PublicationRow[]> {
  return db.$queryRawUnsafe<PublicationRow[]>(
    `SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM}
     WHERE sp.subject_id = $1 AND ($2::text IS NULL OR p.name_key = $2) AND ($3::text IS NULL OR sp.role = $3)
     ORDER BY sp.version_id DESC, sp.id DESC LIMIT $4`,
    subjectId,
    filter.pacticipant === undefined ? null : nameKey(filter.pacticipant),
    filter.role ?? null,
    filter.limit ?? 200,
  );
}

/** Publications by their ids, with their files. */
export async function findPublicationsByIds(db: Db, ids: readonly number[]): Promise<PublicationWithFiles[]> {
  if (ids.length === 0) return [];
  return db.$queryRawUnsafe<PublicationWithFiles[]>(
    `SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM} WHERE sp.id = ANY($1::int[])`,
    [...ids],
  );
}

/** Every publication of these pacticipants (ids), newest first; for GraphQL's batched loaders. */
export async function findPublicationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<PublicationRow[]> {
  if (pacticipantIds.length === 0) return [];
  return db.$queryRawUnsafe<PublicationRow[]>(
    `SELECT ${PUBLICATION_COLUMNS} ${PUBLICATION_FROM} WHERE sp.pacticipant_id = ANY($1::int[]) ORDER BY sp.version_id DESC, sp.id DESC`,
    [...pacticipantIds],
  );
}

export async function findPublication(
  db: Db,
  subjectId: number,
  pacticipant: string,
  version: string,
  role: SchemaRole,
): Promise<PublicationWithFiles | undefined> {
  const rows = await db.$queryRawUnsafe<PublicationWithFiles[]>(
    `SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM} WHERE sp.subject_id = $1 AND p.name_key = $2 AND v.number = $3 AND sp.role = $4`,
    subjectId,
    nameKey(pacticipant),
    version,
    role,
  );
  return rows[0];
}

/** The publication of the same pacticipant and role just before this one (by version order). */
export async function findPreviousPublication(db: Db, publication: PublicationRow): Promise<PublicationWithFiles | undefined> {
  const rows = await db.$queryRawUnsafe<PublicationWithFiles[]>(
    `SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM}
     WHERE sp.subject_id = $1 AND sp.pacticipant_id = $2 AND sp.role = $3 AND sp.version_id < $4
     ORDER BY sp.version_id DESC LIMIT 1`,
    publication.subjectId,
    publication.pacticipantId,
    publication.role,
    publication.versionId,
  );
  return rows[0];
}

/** Sets a subject's mode; returns the subject with its new mode. */
export async function setCompatibility(db: Db, subjectId: number, mode: SchemaCompatibilityMode): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE schema_subjects SET compatibility = $2, updated_at = now() WHERE id = $1`, subjectId, mode);
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
  return db.$queryRawUnsafe<PublicationWithFiles[]>(
    `SELECT ${PUBLICATION_COLUMNS}, sc.files ${PUBLICATION_FROM}
     WHERE sp.subject_id = $1 AND sp.role = $2 AND ($3::text IS NULL OR p.name_key = $3) AND ($4::text IS NULL OR v.number = $4)
       AND ($5::text IS NULL OR sp.version_id IN (
         SELECT cd.version_id FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE e.name = $5
         UNION SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid WHERE e.name = $5 AND rv.support_ended_at IS NULL))
     ORDER BY sp.version_id, sp.id`,
    subjectId,
    role,
    filter.pacticipant === undefined ? null : nameKey(filter.pacticipant),
    filter.version ?? null,
    filter.environment ?? null,
  );
}

export async function environmentExists(db: Db, name: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM environments WHERE name = $1`, name);
  return rows.length > 0;
}
