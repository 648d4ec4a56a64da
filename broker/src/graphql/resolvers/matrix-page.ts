// Query.matrix: the matrix service (domain/matrix/query-matrix.ts) paged with offset cursors. The
// rows are ordered newest action first by the service; a page asks it for offset + first + 1 rows.
import { queryMatrix } from '../../domain/matrix/query-matrix.ts';
import type { MatrixQuery, QueryIssue, UnresolvedSelector } from '../../domain/matrix/selectors.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { createMatrixReader } from '../../store/matrix.ts';
import type { GraphqlContext } from '../context.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursors.ts';

export interface MatrixFilterInput {
  pacticipant: string;
  version?: string | null;
  branch?: string | null;
  environment?: string | null;
  latest?: boolean | null;
  counterpart?: string | null;
  latestBy?: 'CVP' | 'CVPV' | 'CP' | null;
  success?: boolean | null;
  unverifiedOnly?: boolean | null;
}

export interface MatrixArgs {
  filter: MatrixFilterInput;
  first?: number | null;
  after?: string | null;
}

const latestByOf = { CVP: 'cvp', CVPV: 'cvpv', CP: 'cp' } as const;

/**
 * The matrix service applies `limit` in SQL and the success filter after it, so a filtered page
 * asks for this many rows instead of offset + first + 1 (or it could miss matching rows).
 */
const FILTERED_SCAN_LIMIT = 10_000;

export function matrixQueryOf(filter: MatrixFilterInput, limit: number): MatrixQuery {
  const selector: UnresolvedSelector = { pacticipant: filter.pacticipant };
  if (filter.version) selector.version = filter.version;
  if (filter.branch) selector.branch = filter.branch;
  if (filter.environment) selector.environment = filter.environment;
  if (filter.latest) selector.latest = true;
  const selectors = filter.counterpart ? [selector, { pacticipant: filter.counterpart }] : [selector];
  const query: MatrixQuery = { selectors, options: { ignore: [], limit } };
  if (filter.latestBy) query.options.latestby = latestByOf[filter.latestBy];
  const success = [
    ...(filter.success === true || filter.success === false ? [filter.success] : []),
    ...(filter.unverifiedOnly ? [null] : []),
  ];
  if (success.length > 0) query.options.success = success;
  return query;
}

/** The matrix's validation issues as Treaty errors: a missing pacticipant or environment is not-found. */
export function matrixIssuesError(issues: readonly QueryIssue[]): Error {
  const missing = issues.find((i) => i.notFound);
  if (missing)
    return new NotFoundError(
      `${missing.message}. Names of pacticipants are matched case-insensitively; list them with the pacticipants query.`,
    );
  return new ValidationError(issues.map((i) => i.message).join(' '));
}

export async function matrixPage(_: unknown, args: MatrixArgs, ctx: GraphqlContext) {
  const size = pageSize(args.first);
  const after = decodeCursor('matrix', args.after);
  const offset = after === undefined ? 0 : after + 1;
  const filtered = args.filter.success === true || args.filter.success === false || Boolean(args.filter.unverifiedOnly);
  const limit = filtered ? Math.max(FILTERED_SCAN_LIMIT, offset + size + 1) : offset + size + 1;
  const result = await queryMatrix(createMatrixReader(ctx.db), matrixQueryOf(args.filter, limit));
  if (!result.ok) throw matrixIssuesError(result.issues);
  const nodes = result.rows.slice(offset, offset + size);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor('matrix', offset + i), node }));
  return { edges, nodes, pageInfo: { hasNextPage: result.rows.length > offset + size, endCursor: edges.at(-1)?.cursor ?? null } };
}
