// GraphQL's side of the one error hierarchy: a TreatyError becomes a GraphQL error whose message is
// the user-facing detail and whose extensions.code is the error's code slug (the REST problem type);
// anything else is logged and answered with a generic message that reveals no internals.
import type { GraphQLError as GraphQLErrorType } from 'graphql';
import { decideAccess } from '../domain/auth/authorize.ts';
import type { Scope } from '../domain/auth/scopes.ts';
import { ErrorCode, ForbiddenError, TreatyError, UnauthorizedError, ValidationError } from '../errors.ts';
import { sqlState } from '../store/database-errors.ts';
import type { Logger } from '../logger.ts';
import type { GraphqlContext } from './context.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

const { GraphQLError } = graphqlRuntime;

export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on the broker. The error is logged; quote the x-request-id response header when reporting it.';

/** The `formatError` of the GraphQL handler. */
export function formatGraphqlError(logger: Logger, requestId: () => string | undefined) {
  return (err: Readonly<GraphQLErrorType | Error>): GraphQLErrorType | Error => {
    if (!(err instanceof GraphQLError)) return err;
    const original = err.originalError;
    // Errors the GraphQL engine raised itself (syntax, validation, bad variables) are for the caller.
    if (original === undefined || original === null || original instanceof GraphQLError) {
      return withCode(err, err.extensions.code === undefined ? ErrorCode.validation : String(err.extensions.code));
    }
    if (original instanceof TreatyError) {
      const fields = original instanceof ValidationError && original.errors.length > 0 ? { errors: original.errors } : {};
      return new GraphQLError(original.detail, {
        nodes: err.nodes,
        source: err.source,
        positions: err.positions,
        path: err.path,
        extensions: { code: original.code, title: original.title, status: original.status, ...fields, ...original.extensions() },
      });
    }
    // 57014: a statement outlasted TREATY_DB_STATEMENT_TIMEOUT_MS; the broker is busy, not broken (REST answers 503).
    if (sqlState(original) === '57014')
      return new GraphQLError('The database did not finish this query within the statement timeout. Retry later, or ask for less.', {
        nodes: err.nodes,
        path: err.path,
        positions: err.positions,
        extensions: { code: ErrorCode.serviceUnavailable },
      });
    logger.error({ err: original, path: err.path, requestId: requestId() }, 'unhandled error in a GraphQL resolver');
    return new GraphQLError(INTERNAL_ERROR_MESSAGE, {
      nodes: err.nodes,
      path: err.path,
      positions: err.positions,
      extensions: { code: ErrorCode.internal },
    });
  };
}

function withCode(err: GraphQLErrorType, code: string): GraphQLErrorType {
  return new GraphQLError(err.message, {
    nodes: err.nodes,
    source: err.source,
    positions: err.positions,
    path: err.path,
    extensions: { ...err.extensions, code },
  });
}

/**
 * Checks the caller may do what REST would let it do (same rules as http/auth.ts): `scope`, and for
 * a write for one pacticipant, tokens limited to other pacticipants are refused. Allows everything
 * when auth is off.
 */
export function requireAccess(ctx: GraphqlContext, scope: Scope, pacticipantName?: string): void {
  const { viewer } = ctx;
  const subject = pacticipantName === undefined ? { kind: 'none' as const } : { kind: 'pacticipant' as const, name: pacticipantName };
  const decision = decideAccess(
    { enabled: viewer.authEnabled, allowPublicRead: viewer.allowPublicRead },
    viewer.principal,
    { kind: 'scope', scope, subject },
    pacticipantName,
  );
  if (decision.allowed) return;
  throw decision.status === 401 ? new UnauthorizedError(decision.detail) : new ForbiddenError(decision.detail);
}
