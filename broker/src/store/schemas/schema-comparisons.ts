// Checks run on request, storing nothing: POST /schemas/check (what `treaty schema check` calls on a pull request)
// and the diff between two published versions. They read the publications to compare and call the pure checks.
import type {
  SchemaCheckRequest,
  SchemaCheckResponse,
  SchemaCompatibilityMode,
  SchemaDiffResponse,
  SchemaFile,
  SchemaRole,
} from '@treaty/wire';
import { inlineSchemaChecker, type SchemaChecker } from '../../domain/schemas/schema-checker.ts';
import type { CheckOutcome } from '../../domain/schemas/schema-checks.ts';
import { canonicalFiles, schemaContentSha } from '../../domain/schemas/schema-content.ts';
import { CheckStatus, verdictOf } from '../../domain/schemas/schema-kinds.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { Db } from '../db.ts';
import {
  environmentExists,
  findPublication,
  findPreviousPublication,
  findPublicationsToCompare,
  type PublicationWithFiles,
} from './schema-publications.ts';
import { requireSubject } from './subjects.ts';

function combine(outcomes: readonly CheckOutcome[]): CheckOutcome {
  const findings = outcomes.flatMap((o) => o.findings);
  const status = outcomes.some((o) => o.status === CheckStatus.failure)
    ? CheckStatus.failure
    : outcomes.some((o) => o.status === CheckStatus.unknown)
      ? CheckStatus.unknown
      : CheckStatus.success;
  return { status, findings, reasons: outcomes.flatMap((o) => o.reasons) };
}

/**
 * provider role: the files against the pacticipant's own publications (per the mode; `againstVersion` picks one) and
 * every consumer schema of the subject against the files. consumer role: the files against the providers' publications
 * (latest of each provider, or the given version / environment).
 */
export async function checkSchemaOnRequest(
  db: Db,
  request: SchemaCheckRequest & { files: SchemaFile[] },
  checker: SchemaChecker = inlineSchemaChecker,
): Promise<SchemaCheckResponse> {
  const subject = await requireSubject(db, request.subject);
  if (subject.kind !== request.kind)
    throw new ConflictError(`Subject "${subject.name}" holds ${subject.kind} schemas, not ${request.kind}. Pass --kind ${subject.kind}.`);
  if (request.againstEnvironment !== undefined && !(await environmentExists(db, request.againstEnvironment))) {
    throw new NotFoundError(`No environment named "${request.againstEnvironment}". List them with GET /environments.`);
  }
  const mode: SchemaCompatibilityMode = request.compatibility ?? subject.compatibility;
  const files = canonicalFiles(request.files);
  const filter = { version: request.againstVersion, environment: request.againstEnvironment };
  const outcomes: CheckOutcome[] = [];
  const against: PublicationWithFiles[] = [];
  if (request.role === 'provider') {
    const own = await findPublicationsToCompare(db, subject.id, 'provider', { ...filter, pacticipant: request.pacticipantName });
    if (request.againstVersion !== undefined && own.length === 0) {
      throw new NotFoundError(
        `${request.pacticipantName} has published no provider schema for subject "${subject.name}" at version ${request.againstVersion}.`,
      );
    }
    const sha = schemaContentSha(request.kind, files);
    const earlier = own.filter((p) => p.sha !== sha);
    outcomes.push(
      await checker.checkEvolution(
        request.kind,
        earlier.map((p) => p.files),
        files,
        mode,
      ),
    );
    against.push(...(mode.endsWith('_TRANSITIVE') ? earlier : earlier.slice(-1)));
    const consumers = latestPerPacticipant(
      await findPublicationsToCompare(db, subject.id, 'consumer', { environment: request.againstEnvironment }),
    );
    for (const consumer of consumers) outcomes.push(await checker.checkConsumerSchema(request.kind, consumer.files, files, mode));
    against.push(...consumers);
  } else {
    const providers = await findPublicationsToCompare(db, subject.id, 'provider', filter);
    const chosen =
      request.againstVersion !== undefined || request.againstEnvironment !== undefined ? providers : latestPerPacticipant(providers);
    for (const provider of chosen) outcomes.push(await checker.checkConsumerSchema(request.kind, files, provider.files, mode));
    against.push(...chosen);
  }
  const outcome = combine(outcomes);
  return {
    verdict: verdictOf[outcome.status],
    compatibility: mode,
    findings: outcome.findings,
    checkedAgainst: against.map((p) => ({ pacticipant: p.pacticipant, version: p.version, role: p.role })),
    ...(outcome.status === CheckStatus.unknown ? { reasons: outcome.reasons } : {}),
  };
}

function latestPerPacticipant(publications: readonly PublicationWithFiles[]): PublicationWithFiles[] {
  const latest = new Map<number, PublicationWithFiles>();
  for (const p of publications) latest.set(p.pacticipantId, p); // oldest first, so the last one wins
  return [...latest.values()];
}

/** Findings between two published versions of one pacticipant (`from` defaults to the publication before `to`). */
export async function diffPublishedSchemas(
  db: Db,
  input: { subject: string; pacticipant: string; to: string; from?: string | undefined; role: SchemaRole },
  checker: SchemaChecker = inlineSchemaChecker,
): Promise<Omit<SchemaDiffResponse, '_links'>> {
  const subject = await requireSubject(db, input.subject);
  const to = await findPublication(db, subject.id, input.pacticipant, input.to, input.role);
  if (!to)
    throw new NotFoundError(
      `${input.pacticipant} has published no ${input.role} schema for subject "${subject.name}" at version ${input.to}.`,
    );
  const from =
    input.from === undefined
      ? await findPreviousPublication(db, to)
      : await findPublication(db, subject.id, input.pacticipant, input.from, input.role);
  if (input.from !== undefined && !from)
    throw new NotFoundError(
      `${input.pacticipant} has published no ${input.role} schema for subject "${subject.name}" at version ${input.from}.`,
    );
  const mode =
    subject.compatibility === 'NONE' ? 'BACKWARD' : (subject.compatibility.replace('_TRANSITIVE', '') as SchemaCompatibilityMode);
  const outcome = from
    ? await checker.checkEvolution(subject.kind, [from.files], to.files, mode)
    : { status: CheckStatus.success, findings: [], reasons: [] };
  return {
    subject: subject.name,
    kind: subject.kind,
    from: from ? { pacticipant: from.pacticipant, version: from.version, sha: from.sha } : null,
    to: { pacticipant: to.pacticipant, version: to.version, sha: to.sha },
    compatibility: mode,
    verdict: verdictOf[outcome.status],
    findings: outcome.findings,
  };
}
