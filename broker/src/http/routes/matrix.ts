// GET /matrix (hal+json, or a text/plain table) and /matrix/provider/{p}/consumer/{c}.
// The query string is parsed from req.originalUrl by domain/matrix (robust to the key order of
// the V2/Rust clients); the body is the Pact Broker's MatrixResponse.
import type { Request, Response, Router } from 'express';
import type { MatrixResponse } from '@treaty/wire';
import type { RouteDeps } from '../../deps.ts';
import { MatrixQueryError, NotFoundError } from '../../errors.ts';
import type { MatrixOutcome } from '../../domain/matrix/query-matrix.ts';
import { summaryReason } from '../../domain/matrix/deployment-decision.ts';
import { toNotice } from '../../domain/matrix/reasons.ts';
import { parseMatrixQuery, type MatrixQuery, type QueryIssue } from '../../domain/matrix/selectors.ts';
import { formatMatrixText } from '../../domain/matrix/text-table.ts';
import { answerCacheOf, type AnswerView } from '../../store/answer-cache.ts';
import { matrixQueryKey, queryMatrixCached } from '../../store/matrix/cached-matrix.ts';
import { findVersionDetails } from '../../store/matrix/version-details.ts';
import { sendHalText } from '../hal.ts';
import { paths, route } from '../../paths.ts';
import { matrixRowsBody } from '../representations/matrix.ts';

/** A matrix answer and where its response body may be cached (the request's view of the answer cache). */
export interface MatrixAnswer {
  outcome: MatrixOutcome;
  view: AnswerView;
  key: string;
}

/** Runs the query through the answer cache (issue #14); a 400 MatrixQueryError when invalid. */
export async function runMatrix(
  deps: RouteDeps,
  query: MatrixQuery,
  onInvalid = (issues: QueryIssue[]): Error => new MatrixQueryError(issues.map((i) => i.message)),
): Promise<MatrixAnswer> {
  // One generation read per request: the outcome and the rendered body are cached under the same one.
  const view = await answerCacheOf(deps.db).view();
  const key = matrixQueryKey(query);
  const result = await queryMatrixCached(deps.db, query, view, key);
  if (!result.ok) throw onInvalid(result.issues);
  return { outcome: result, view, key };
}

/** The Pact Broker's /matrix body (also /can-i-deploy's), with the tags, branches and environments of its versions. */
export async function matrixBody(deps: RouteDeps, outcome: MatrixOutcome, baseUrl: string): Promise<MatrixResponse> {
  const { decision, rows } = outcome;
  const versionIds = rows.flatMap((r) =>
    r.providerVersionId === null ? [r.consumerVersionId] : [r.consumerVersionId, r.providerVersionId],
  );
  const details = await findVersionDetails(deps.db, [...new Set(versionIds)]);
  return {
    summary: { deployable: decision.deployable, reason: summaryReason(decision), ...decision.counts },
    notices: decision.reasons.map(toNotice),
    matrix: matrixRowsBody(baseUrl, rows, details),
  };
}

/**
 * hal+json by default; the text table when the client asks for text/plain. The body text is cached with the
 * answer (it also depends on the versions' tags, branches and environments, which bump the same generation).
 */
export async function sendMatrix(req: Request, res: Response, deps: RouteDeps, { outcome, view, key }: MatrixAnswer): Promise<void> {
  const text = req.accepts(['application/hal+json', 'application/json', 'text/plain']) === 'text/plain';
  const baseUrl: string = res.locals.baseUrl;
  const body = await view.get(
    `matrix-body:${text ? 'text' : 'hal'}:${baseUrl}:${key}`,
    async () =>
      text
        ? formatMatrixText(outcome.rows, outcome.decision.deployable, summaryReason(outcome.decision))
        : JSON.stringify(await matrixBody(deps, outcome, baseUrl)),
    (s) => s.length * 2,
  );
  if (text) res.status(200).type('text/plain; charset=utf-8').send(body);
  else sendHalText(res, 200, body);
}

/** Selectors in one /matrix query above which it counts as expensive work even when each names a version. */
const EXPENSIVE_SELECTOR_COUNT = 10;

/**
 * A query that reads every version of a pacticipant (a selector naming only the pacticipant: a whole
 * integration), or many selectors, is expensive work: it runs in an admission slot (admission.ts).
 * Still so since issue #14: latestby and the counts now run in SQL, so the broker holds only the rows it lists,
 * but the database still reads every row of the integration's history (tens of ms of its CPU per answer on the
 * benchmark's 10 000-row integrations), and an answer not yet in the answer cache costs exactly that.
 */
export function isExpensiveMatrixQuery(query: MatrixQuery): boolean {
  const wholePacticipant = query.selectors.some(
    (s) =>
      s.version === undefined && !s.latest && s.tag === undefined && s.branch === undefined && !s.mainBranch && s.environment === undefined,
  );
  return wholePacticipant || query.selectors.length > EXPENSIVE_SELECTOR_COUNT;
}

export function registerMatrixRoutes(router: Router, deps: RouteDeps): void {
  router.get(paths.matrix, async (req, res) => {
    const query = parseMatrixQuery(req.originalUrl);
    const answer = async () => sendMatrix(req, res, deps, await runMatrix(deps, query));
    await (isExpensiveMatrixQuery(query) ? deps.admission.run('matrix', answer) : answer());
  });

  // Every row between the two pacticipants (PB matrix_for_consumer_and_provider); options such as
  // latestby, success[] and limit still come from the query string.
  router.get(route(paths.matrixForIntegration), async (req, res) => {
    const { provider, consumer } = req.params as { provider: string; consumer: string };
    const { options } = parseMatrixQuery(req.originalUrl);
    const query: MatrixQuery = { selectors: [{ pacticipant: consumer }, { pacticipant: provider }], options };
    await deps.admission.run('matrix', async () => {
      const answer = await runMatrix(deps, query, (issues) => {
        const missing = issues.find((i) => i.notFound && 'pacticipant' in i.notFound);
        return missing
          ? new NotFoundError(`${missing.message}. Check the name with GET /pacticipants.`)
          : new MatrixQueryError(issues.map((i) => i.message));
      });
      await sendMatrix(req, res, deps, answer);
    });
  });
}
