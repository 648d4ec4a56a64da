// GET /matrix (hal+json, or a text/plain table) and /matrix/provider/{p}/consumer/{c}.
// The query string is parsed from req.originalUrl by domain/matrix (robust to the key order of
// the V2/Rust clients); the body is the Pact Broker's MatrixResponse.
import type { Request, Response, Router } from 'express';
import type { MatrixResponse, MatrixRowBody, MatrixVersion } from '@treaty/wire';
import type { RouteDeps } from '../../deps.ts';
import { ErrorCode, NotFoundError, TreatyError } from '../../errors.ts';
import type { MatrixRow } from '../../domain/matrix/matrix-row.ts';
import { queryMatrix, type MatrixResult } from '../../domain/matrix/query-matrix.ts';
import { summaryReason } from '../../domain/matrix/deployment-decision.ts';
import { toNotice } from '../../domain/matrix/reasons.ts';
import { parseMatrixQuery, type MatrixQuery, type QueryIssue } from '../../domain/matrix/selectors.ts';
import { formatMatrixText } from '../../domain/matrix/text-table.ts';
import { createMatrixReader, findVersionDetails, type VersionDetails } from '../../store/matrix.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../paths.ts';

export type MatrixOutcome = Extract<MatrixResult, { ok: true }>;

/**
 * A 400 validation error carrying the Pact Broker's `errors` member exactly: an array of messages for
 * /matrix (the pact_broker-client pacts expect an array), a field → messages hash for /can-i-deploy.
 * (ValidationError's own extensions() would replace problem.ts's hash with its FieldError objects.)
 */
export class MatrixQueryError extends TreatyError {
  readonly code = ErrorCode.validation;
  readonly title = 'Invalid matrix query';
  constructor(readonly errors: string[] | Record<string, string[]>) {
    super(
      Array.isArray(errors)
        ? errors.join(' ')
        : Object.entries(errors)
            .map(([f, m]) => `${f}: ${m.join(' ')}`)
            .join('; '),
    );
  }
  static fields(issues: ReadonlyArray<{ field: string; message: string }>): MatrixQueryError {
    const byField: Record<string, string[]> = {};
    for (const { field, message } of issues) (byField[field] ??= []).push(message);
    return new MatrixQueryError(byField);
  }
  override extensions(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

/** Runs the query; a 400 MatrixQueryError when invalid. */
export async function runMatrix(
  deps: RouteDeps,
  query: MatrixQuery,
  onInvalid = (issues: QueryIssue[]): Error => new MatrixQueryError(issues.map((i) => i.message)),
): Promise<MatrixOutcome> {
  const result = await queryMatrix(createMatrixReader(deps.db), query);
  if (!result.ok) throw onInvalid(result.issues);
  return result;
}

function versionBody(baseUrl: string, pacticipant: string, number: string, d: VersionDetails | undefined): MatrixVersion {
  const details = d ?? { tags: [], branches: [], environments: [] };
  return {
    number,
    branch: details.branches[details.branches.length - 1]?.name ?? null,
    branches: details.branches.map((b) => ({
      name: b.name,
      latest: b.latest,
      _links: { self: { href: href(baseUrl, paths.branch, { pacticipant, branch: b.name }) } },
    })),
    branchVersions: details.branches.map((b) => ({
      name: b.name,
      latest: b.latest,
      _links: {
        self: {
          title: 'Branch version',
          name: b.name,
          href: href(baseUrl, paths.branchVersion, { pacticipant, branch: b.name, version: number }),
        },
      },
    })),
    environments: details.environments.map((e) => ({
      ...e,
      _links: { self: { href: href(baseUrl, paths.environment, { environment: e.uuid }) } },
    })),
    tags: details.tags.map((t) => ({
      name: t.name,
      latest: t.latest,
      _links: { self: { href: href(baseUrl, paths.versionTag, { pacticipant, version: number, tag: t.name }) } },
    })),
    _links: { self: { href: href(baseUrl, paths.pacticipantVersion, { pacticipant, version: number }) } },
  };
}

function rowBody(baseUrl: string, r: MatrixRow & { ignored: boolean }, details: Map<number, VersionDetails>): MatrixRowBody {
  if (r.contract) return schemaRowBody(baseUrl, r, r.contract, details);
  return pactRowBody(baseUrl, r, details);
}

/** A schema row (issue #8): the PB shape, its links pointing at the schema resources, plus the `treaty` member. */
function schemaRowBody(
  baseUrl: string,
  r: MatrixRow & { ignored: boolean },
  contract: NonNullable<MatrixRow['contract']>,
  details: Map<number, VersionDetails>,
): MatrixRowBody {
  const body = pactRowBody(baseUrl, r, details);
  const subjectHref = href(baseUrl, paths.schemaSubject, { subject: contract.subject });
  return {
    ...body,
    pact: {
      createdAt: body.pact.createdAt,
      _links: {
        self: {
          href: `${href(baseUrl, paths.schemaVersion, { subject: contract.subject, pacticipant: r.consumerName, version: r.consumerVersionNumber })}?role=consumer`,
        },
      },
    },
    verificationResult:
      r.success === null || r.verifiedAt === null
        ? null
        : { success: r.success, verifiedAt: r.verifiedAt.toISOString(), _links: { self: { href: subjectHref } } },
    treaty: {
      contractKind: 'schema',
      subject: contract.subject,
      checkStatus: contract.checkStatus,
      breakingChange: contract.breakingChange,
    },
  };
}

function pactRowBody(baseUrl: string, r: MatrixRow & { ignored: boolean }, details: Map<number, VersionDetails>): MatrixRowBody {
  const pacticipantLink = (name: string) => ({ self: { href: href(baseUrl, paths.pacticipant, { pacticipant: name }) } });
  return {
    consumer: {
      name: r.consumerName,
      _links: pacticipantLink(r.consumerName),
      version: versionBody(baseUrl, r.consumerName, r.consumerVersionNumber, details.get(r.consumerVersionId)),
    },
    provider: {
      name: r.providerName,
      _links: pacticipantLink(r.providerName),
      version:
        r.providerVersionId === null || r.providerVersionNumber === null
          ? null
          : versionBody(baseUrl, r.providerName, r.providerVersionNumber, details.get(r.providerVersionId)),
    },
    pact: {
      createdAt: r.pactCreatedAt.toISOString(),
      _links: {
        self: {
          href: href(baseUrl, paths.pactForConsumerVersion, {
            provider: r.providerName,
            consumer: r.consumerName,
            consumerVersion: r.consumerVersionNumber,
          }),
        },
      },
    },
    verificationResult:
      r.verificationId === null || r.verificationNumber === null
        ? null
        : {
            success: r.success === true,
            verifiedAt: r.verifiedAt!.toISOString(),
            _links: {
              self: {
                href: href(baseUrl, paths.verificationResult, {
                  provider: r.providerName,
                  consumer: r.consumerName,
                  sha: r.pactVersionSha,
                  number: r.verificationNumber,
                }),
              },
            },
          },
    ...(r.ignored ? { ignored: true as const } : {}),
  };
}

/** The Pact Broker's /matrix body (also /can-i-deploy's). */
export async function matrixBody(deps: RouteDeps, outcome: MatrixOutcome, baseUrl: string): Promise<MatrixResponse> {
  const { decision, rows } = outcome;
  const versionIds = rows.flatMap((r) =>
    r.providerVersionId === null ? [r.consumerVersionId] : [r.consumerVersionId, r.providerVersionId],
  );
  const details = await findVersionDetails(deps.db, [...new Set(versionIds)]);
  return {
    summary: { deployable: decision.deployable, reason: summaryReason(decision), ...decision.counts },
    notices: decision.reasons.map(toNotice),
    matrix: rows.map((r) => rowBody(baseUrl, r, details)),
  };
}

/** hal+json by default; the text table when the client asks for text/plain. */
export async function sendMatrix(req: Request, res: Response, deps: RouteDeps, outcome: MatrixOutcome): Promise<void> {
  if (req.accepts(['application/hal+json', 'application/json', 'text/plain']) === 'text/plain') {
    res
      .status(200)
      .type('text/plain; charset=utf-8')
      .send(formatMatrixText(outcome.rows, outcome.decision.deployable, summaryReason(outcome.decision)));
    return;
  }
  sendHal(res, 200, await matrixBody(deps, outcome, res.locals.baseUrl));
}

export function registerMatrixRoutes(router: Router, deps: RouteDeps): void {
  router.get(paths.matrix, async (req, res) => {
    const outcome = await runMatrix(deps, parseMatrixQuery(req.originalUrl));
    await sendMatrix(req, res, deps, outcome);
  });

  // Every row between the two pacticipants (PB matrix_for_consumer_and_provider); options such as
  // latestby, success[] and limit still come from the query string.
  router.get(route(paths.matrixForIntegration), async (req, res) => {
    const { provider, consumer } = req.params as { provider: string; consumer: string };
    const { options } = parseMatrixQuery(req.originalUrl);
    const query: MatrixQuery = { selectors: [{ pacticipant: consumer }, { pacticipant: provider }], options };
    const outcome = await runMatrix(deps, query, (issues) => {
      const missing = issues.find((i) => i.notFound && 'pacticipant' in i.notFound);
      return missing
        ? new NotFoundError(`${missing.message}. Check the name with GET /pacticipants.`)
        : new MatrixQueryError(issues.map((i) => i.message));
    });
    await sendMatrix(req, res, deps, outcome);
  });
}
