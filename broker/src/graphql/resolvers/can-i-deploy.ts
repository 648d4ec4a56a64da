// Query.canIDeploy and CanIDeployAnswer: the same query /can-i-deploy builds (parseCanIDeployQuery),
// answered by the same matrix service and the same answer cache (issue #14), so GraphQL and REST can never disagree.
import { canIDeployIssues, parseCanIDeployQuery } from '../../domain/matrix/can-i-deploy-query.ts';
import type { MatrixResult } from '../../domain/matrix/query-matrix.ts';
import { reasonText, toNotice } from '../../domain/matrix/reasons.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { queryMatrixCached } from '../../store/matrix/cached-matrix.ts';
import type { GraphqlContext } from '../context.ts';

type Answer = Extract<MatrixResult, { ok: true }>;

export interface CanIDeployArgs {
  pacticipant: string;
  version: string;
  environment: string;
}

export async function canIDeploy(_: unknown, args: CanIDeployArgs, ctx: GraphqlContext): Promise<Answer> {
  const raw = Object.entries(args)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const parsed = parseCanIDeployQuery(raw);
  if (!parsed.ok) throw new ValidationError(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '), parsed.errors);
  const result = await queryMatrixCached(ctx.db, parsed.query);
  if (result.ok) return result;
  const missing = result.issues.find((i) => i.notFound);
  if (missing) throw new NotFoundError(`${missing.message}.`);
  const errors = canIDeployIssues(result.issues);
  throw new ValidationError(errors.map((e) => e.message).join(' '), errors);
}

export const canIDeployAnswerResolvers = {
  deployable: (a: Answer) => a.decision.deployable,
  status: (a: Answer) => (a.decision.deployable === true ? 'YES' : a.decision.deployable === false ? 'NO' : 'UNKNOWN'),
  reasons: (a: Answer) => a.decision.reasons.map(reasonText),
  notices: (a: Answer) => a.decision.reasons.map(toNotice),
  counts: (a: Answer) => a.decision.counts,
  rows: (a: Answer) => a.rows,
};
