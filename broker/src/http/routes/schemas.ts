// Schema contracts (issue #8), Treaty-only: publish, check before publishing, subjects and their mode, a published
// version's content, and the diff between two versions. Bodies are @treaty/wire's schemas.ts types.
import type { Router } from 'express';
import { z } from 'zod';
import type { PublishSchemaResponse, SchemaCompatibilityResponse, SchemaFile, SchemaKind } from '@treaty/wire';
import type { RouteDeps } from '../../deps.ts';
import { validateSchemaFiles } from '../../domain/schemas/schema-content.ts';
import { CompatibilityModes, SchemaKinds, SchemaRoles } from '../../domain/schemas/schema-kinds.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../errors.ts';
import { listChecksOfSubject } from '../../store/schemas/contract-checks.ts';
import { checkSchemaOnRequest, diffPublishedSchemas } from '../../store/schemas/schema-comparisons.ts';
import { findPublication, listPublications, publishSchema } from '../../store/schemas/schema-publications.ts';
import { listSubjects, requireSubject, setCompatibility } from '../../store/schemas/subjects.ts';
import { sharedSchemaChecker } from '../../workers/schema-check-pool.ts';
import { sendHal } from '../hal.ts';
import { publisherFields } from './publish.ts';
import { href, paths, route } from '../../paths.ts';
import { parseBody } from '../request-validation.ts';
import { publicationBody, schemaLinks, subjectSummaryBody, checkBody } from '../representations/schema.ts';

const blank = "can't be blank";
const modeMessage = `must be one of ${CompatibilityModes.join(', ')}`;
const FileSchema = z.object({
  path: z.string({ error: 'must be the file path, e.g. payment/v1/payment.proto' }).trim().min(1, blank),
  content: z.string({ error: 'must be the file content as text' }),
});
const common = {
  subject: z.string({ error: blank }).trim().min(1, blank).max(255, 'must be at most 255 characters'),
  kind: z.enum(SchemaKinds, { error: `must be one of ${SchemaKinds.join(', ')}` }),
  role: z.enum(SchemaRoles, { error: `must be one of ${SchemaRoles.join(', ')}` }),
  files: z.array(FileSchema, { error: 'must be a list of {path, content}' }).min(1, 'must contain at least one file'),
};
const PublishSchema = z.object({
  ...publisherFields,
  overwrite: z.boolean().optional(),
  ...common,
});
const CheckSchema = z.object({
  pacticipantName: z.string({ error: blank }).trim().min(1, blank),
  againstVersion: z.string().trim().min(1, blank).optional(),
  againstEnvironment: z.string().trim().min(1, blank).optional(),
  compatibility: z.enum(CompatibilityModes, { error: modeMessage }).optional(),
  ...common,
});
const CompatibilitySchema = z.object({ compatibility: z.enum(CompatibilityModes, { error: modeMessage }) });
const RoleSchema = z.enum(SchemaRoles, { error: `must be one of ${SchemaRoles.join(', ')}` }).default('provider');

/** A 400 naming each file, line and problem when the files are not valid schemas of their kind. */
async function requireValidFiles(kind: SchemaKind, files: SchemaFile[]): Promise<void> {
  if (kind === 'openapi' && files.length > 1)
    throw ValidationError.field('files', 'an OpenAPI publication is one document; give it as the only file');
  const problems = await validateSchemaFiles(kind, files);
  if (problems.length === 0) return;
  const errors: FieldError[] = problems.map((p) => ({
    field: `files[${p.file}]`,
    message: `${p.file}${p.line === null ? '' : `:${p.line}`}${p.column === null ? '' : `:${p.column}`}: ${p.message}`,
  }));
  throw new ValidationError(
    `The ${kind} files are not valid: ${errors.map((e) => e.message).join('; ')}. Fix the file and publish again.`,
    errors,
  );
}

const queryString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export function registerSchemaRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;
  // Comparisons run on worker threads, and at most TREATY_EXPENSIVE_CONCURRENCY at once (issue #11).
  const schemaChecker = sharedSchemaChecker(deps.config.limits.schemaCheckWorkers);

  router.post(paths.schemaPublish, async (req, res) => {
    const input = parseBody(PublishSchema, req.body, 'schema publication');
    if (input.role === 'consumer' && input.kind === 'openapi')
      throw ValidationError.field('role', 'an OpenAPI document is published by its provider; an HTTP consumer publishes its pact instead');
    if (input.role === 'consumer' && input.kind === 'asyncapi')
      throw ValidationError.field(
        'role',
        'an AsyncAPI document is published by its provider; a consumer of its events publishes its message pact instead',
      );
    await requireValidFiles(input.kind, input.files);
    const result = await publishSchema(
      db,
      { ...input, versionNumber: input.pacticipantVersionNumber },
      { allowOverwrite: deps.config.allowContractOverwrite },
    );
    const body: PublishSchemaResponse = {
      subject: result.subject,
      sha: result.sha,
      kind: result.kind,
      role: result.role,
      outcome: result.outcome,
      checksQueued: result.checksQueued,
      _links: schemaLinks(res.locals.baseUrl, result.subject, result.pacticipant, result.version, result.role),
    };
    sendHal(res, result.outcome === 'created' ? 201 : 200, body);
  });

  router.post(paths.schemaCheck, async (req, res) => {
    const input = parseBody(CheckSchema, req.body, 'schema check');
    if (input.againstVersion !== undefined && input.againstEnvironment !== undefined)
      throw ValidationError.field('againstEnvironment', 'give againstVersion or againstEnvironment, not both');
    await requireValidFiles(input.kind, input.files);
    const checked = await deps.admission.run('schema-comparison', () => checkSchemaOnRequest(db, input, schemaChecker));
    sendHal(res, 200, checked);
  });

  router.get(paths.schemaSubjects, async (_req, res) => {
    const subjects = await listSubjects(db);
    sendHal(res, 200, {
      subjects: subjects.map((s) => subjectSummaryBody(res.locals.baseUrl, s)),
      _links: { self: { href: href(res.locals.baseUrl, paths.schemaSubjects) } },
    });
  });

  router.get(route(paths.schemaSubject), async (req, res) => {
    const subject = await requireSubject(db, String(req.params.subject));
    const [summary] = await listSubjects(db, [subject.name]);
    const [publications, checks] = await Promise.all([listPublications(db, subject.id), listChecksOfSubject(db, subject.id)]);
    const base = res.locals.baseUrl;
    sendHal(res, 200, {
      ...subjectSummaryBody(base, summary!),
      publications: publications.map((p) => publicationBody(base, p)),
      checks: checks.map(checkBody),
    });
  });

  router.put(route(paths.schemaSubjectCompatibility), async (req, res) => {
    const subject = await requireSubject(db, String(req.params.subject));
    const { compatibility } = parseBody(CompatibilitySchema, req.body, 'compatibility');
    // the checks of the subject run again under the new mode (a matrix row only counts a check made under the current mode)
    await setCompatibility(db, subject, compatibility);
    const body: SchemaCompatibilityResponse = {
      subject: subject.name,
      compatibility,
      _links: { self: { href: href(res.locals.baseUrl, paths.schemaSubjectCompatibility, { subject: subject.name }) } },
    };
    sendHal(res, 200, body);
  });

  router.get(route(paths.schemaVersion), async (req, res) => {
    const { subject: name, pacticipant, version } = req.params as { subject: string; pacticipant: string; version: string };
    const role = parseBody(z.object({ role: RoleSchema }), { role: queryString(req.query.role) }, 'query').role;
    const subject = await requireSubject(db, name);
    const publication = await findPublication(db, subject.id, pacticipant, version, role);
    if (!publication)
      throw new NotFoundError(`${pacticipant} has published no ${role} schema for subject "${subject.name}" at version ${version}.`);
    sendHal(res, 200, { ...publicationBody(res.locals.baseUrl, publication), subject: subject.name, files: publication.files });
  });

  router.get(route(paths.schemaDiff), async (req, res) => {
    const q = parseBody(
      z.object({
        pacticipant: z.string({ error: 'is required: the pacticipant whose versions to compare' }),
        to: z.string({ error: 'is required: the version to compare' }),
        from: z.string().optional(),
        role: RoleSchema,
      }),
      {
        pacticipant: queryString(req.query.pacticipant),
        to: queryString(req.query.to),
        from: queryString(req.query.from),
        role: queryString(req.query.role),
      },
      'diff query',
    );
    const diff = await deps.admission.run('schema-comparison', () =>
      diffPublishedSchemas(db, { subject: String(req.params.subject), ...q }, schemaChecker),
    );
    sendHal(res, 200, {
      ...diff,
      _links: {
        self: {
          href: `${href(res.locals.baseUrl, paths.schemaDiff, { subject: diff.subject })}?pacticipant=${encodeURIComponent(q.pacticipant)}&to=${encodeURIComponent(q.to)}`,
        },
      },
    });
  });
}
