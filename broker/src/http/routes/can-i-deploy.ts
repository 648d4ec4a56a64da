// GET /can-i-deploy (pacticipant + version, to an environment or a `to` tag), the two URL forms, and
// their badges. Badges are self-contained SVG: Treaty never redirects to img.shields.io.
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { MatrixQueryError, NotFoundError } from '../../errors.ts';
import { badgeStatusFor, renderBadge } from '../../domain/matrix/badge.ts';
import {
  branchToEnvironmentQuery,
  canIDeployIssues,
  parseCanIDeployQuery,
  tagToTagQuery,
  type FieldIssue,
} from '../../domain/matrix/can-i-deploy-query.ts';
import type { MatrixOutcome } from '../../domain/matrix/query-matrix.ts';
import type { MatrixQuery, QueryIssue } from '../../domain/matrix/selectors.ts';
import { enqueueCanIDeployStatus } from '../../jobs/can-i-deploy-status.ts';
import { paths, route } from '../../paths.ts';
import { runMatrix, sendMatrix } from './matrix.ts';

const fieldError = (errors: FieldIssue[]) => MatrixQueryError.fields(errors);

/** For the URL forms a missing pacticipant or environment is a 404 (the resource does not exist). */
const notFoundOr400 = (issues: QueryIssue[]): Error => {
  const missing = issues.find((i) => i.notFound);
  return missing ? new NotFoundError(`${missing.message}.`) : fieldError(canIDeployIssues(issues));
};

/** The latest version named by the path does not exist: 404 (PB resource_exists?). */
function requireSpecifiedVersion(outcome: MatrixOutcome, what: string): void {
  if (outcome.selectors.some((s) => s.type === 'specified' && s.version.kind === 'none'))
    throw new NotFoundError(`No ${what} exists. Publish a pact or verification for it first.`);
}

async function sendBadge(req: Request, res: Response, deps: RouteDeps, query: MatrixQuery, from: string, to: string): Promise<void> {
  let deployable: boolean | null | undefined;
  try {
    const { outcome } = await runMatrix(deps, query, notFoundOr400);
    if (!outcome.selectors.some((s) => s.type === 'specified' && s.version.kind === 'none')) deployable = outcome.decision.deployable;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const status = badgeStatusFor(deployable);
  const label = typeof req.query.label === 'string' && req.query.label !== '' ? req.query.label : 'can-i-deploy';
  res
    .status(200)
    .type('image/svg+xml; charset=utf-8')
    .set('Cache-Control', 'no-cache, no-store, max-age=0')
    .send(renderBadge(label, status, `can-i-deploy ${from} to ${to}: ${status.text}`));
}

export function registerCanIDeployRoutes(router: Router, deps: RouteDeps): void {
  router.get(paths.canIDeploy, async (req, res) => {
    const parsed = parseCanIDeployQuery(req.originalUrl);
    if (!parsed.ok) throw fieldError(parsed.errors);
    const answer = await runMatrix(deps, parsed.query, (issues) => fieldError(canIDeployIssues(issues)));
    await enqueueCanIDeployStatus(deps.db, deps.config, answer.outcome, parsed.query.options.environment, res.locals.baseUrl);
    await sendMatrix(req, res, deps, answer);
  });

  router.get(route(paths.canIDeployTagToTag), async (req, res) => {
    const { pacticipant, tag, to } = req.params as Record<'pacticipant' | 'tag' | 'to', string>;
    const answer = await runMatrix(deps, tagToTagQuery(pacticipant, tag, to), notFoundOr400);
    requireSpecifiedVersion(answer.outcome, `version of ${pacticipant} with tag ${tag}`);
    await sendMatrix(req, res, deps, answer);
  });

  router.get(route(paths.canIDeployTagToTagBadge), async (req, res) => {
    const { pacticipant, tag, to } = req.params as Record<'pacticipant' | 'tag' | 'to', string>;
    await sendBadge(req, res, deps, tagToTagQuery(pacticipant, tag, to), tag, to);
  });

  router.get(route(paths.canIDeployBranchToEnvironment), async (req, res) => {
    const { pacticipant, branch, environment } = req.params as Record<'pacticipant' | 'branch' | 'environment', string>;
    const answer = await runMatrix(deps, branchToEnvironmentQuery(pacticipant, branch, environment), notFoundOr400);
    requireSpecifiedVersion(answer.outcome, `version of ${pacticipant} from branch ${branch}`);
    await sendMatrix(req, res, deps, answer);
  });

  router.get(route(paths.canIDeployBranchToEnvironmentBadge), async (req, res) => {
    const { pacticipant, branch, environment } = req.params as Record<'pacticipant' | 'branch' | 'environment', string>;
    await sendBadge(req, res, deps, branchToEnvironmentQuery(pacticipant, branch, environment), branch, environment);
  });
}
