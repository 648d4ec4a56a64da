// /graphql: GraphQL over HTTP (graphql-http) for POST and GET, and the explorer page for a browser's
// GET. Each request gets its own context (DataLoaders, the principal that http/auth.ts found).
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import type { DocumentNode, GraphQLError } from 'graphql';
import { createHandler, type Handler, type OperationArgs, type Request as GraphqlHttpRequest, type RequestParams } from 'graphql-http';
import type { AdmissionGate } from '../admission.ts';
import { ValidationError } from '../errors.ts';
import { createGraphqlContext, type GraphqlContext, type GraphqlDeps } from './context.ts';
import { formatGraphqlError } from './errors.ts';
import { explorerPage } from './explorer-page.ts';
import { graphqlRuntime } from './graphql-runtime.ts';
import { checkQueryLimits } from './query-limits.ts';
import { graphqlSchema, schemaSdl } from './schema.ts';

/**
 * Tokens one query may have (graphql's parse limit): bounds the work of parsing and validating before the
 * depth, alias and cost limits (query-limits.ts) can judge the query. GraphiQL's full introspection query has ~500; 1 000 aliased fields ~10 000.
 */
export const MAX_QUERY_TOKENS = 20_000;

type HandlerRequest = GraphqlHttpRequest<Request, { res: Response }>;

/** The Express request as graphql-http's request (what its own express adapter builds). */
function toGraphqlHttpRequest(req: Request, res: Response): HandlerRequest {
  return {
    url: req.url,
    method: req.method,
    headers: req.headers,
    body: () =>
      req.body
        ? (req.body as Record<string, unknown>)
        : new Promise<string>((resolve) => {
            let body = '';
            req.setEncoding('utf-8');
            req.on('data', (chunk: string) => (body += chunk));
            req.on('end', () => resolve(body));
          }),
    raw: req,
    context: { res },
  };
}

export const GRAPHQL_PATH = '/graphql';

export interface GraphqlRouteOptions {
  /** Builds the per-request context; tests inject one over a counting database. */
  contextFactory?: (req: Request, res: Response) => GraphqlContext;
}

function wantsExplorer(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

export function registerGraphqlRoutes(
  router: Router,
  deps: GraphqlDeps & { admission?: AdmissionGate },
  options: GraphqlRouteOptions = {},
): void {
  const schema = graphqlSchema();
  const { limits } = deps.config;
  const queryLimits = { maxDepth: limits.graphqlMaxDepth, maxAliases: limits.graphqlMaxAliases, maxCost: limits.graphqlMaxCost };
  // The cost of each admitted document, for the admission decision before it executes.
  const costs = new WeakMap<DocumentNode, number>();

  /**
   * Parses and checks a request before graphql-http would: the limits first (query-limits.ts: one walk of the
   * document), graphql's own validation only for a query within them, so a refused query costs a parse and a walk.
   */
  const admitOperation = (params: RequestParams): OperationArgs<GraphqlContext> | readonly GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = graphqlRuntime.parse(params.query, { maxTokens: MAX_QUERY_TOKENS });
    } catch (err) {
      if (err instanceof graphqlRuntime.GraphQLError) return [err];
      throw err;
    }
    const refused = checkQueryLimits(schema, document, queryLimits, params.variables);
    if (refused.errors.length > 0) return refused.errors;
    const invalid = graphqlRuntime.validate(schema, document);
    if (invalid.length > 0) return invalid;
    costs.set(document, Math.max(0, ...refused.measures.map((m) => m.cost)));
    return {
      schema,
      document,
      operationName: params.operationName,
      variableValues: params.variables,
    } as OperationArgs<GraphqlContext>;
  };
  const contextFactory = options.contextFactory ?? ((_req: Request, res: Response) => createGraphqlContext(deps, res.locals.principal));

  router.get(GRAPHQL_PATH, (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .set(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .set('Cache-Control', 'no-store')
      .send(explorerPage(schemaSdl, nonce));
  });

  router.all(GRAPHQL_PATH, (req, res, next) => {
    // express.json() has read the stream and found null/false/0/"": graphql-http would wait for the
    // already-consumed stream to end and the request would hang (hostile-input.test.ts).
    if (!req.body && req.readableEnded) {
      return next(
        new ValidationError('The GraphQL request body must be a JSON object, e.g. {"query": "{ pacticipants { name } }"}.', [
          { field: 'body', message: 'must be a JSON object' },
        ]),
      );
    }
    const handle = createHandler<Request, { res: Response }, GraphqlContext>({
      schema,
      context: (r) => contextFactory(r.raw, r.context.res),
      onSubscribe: (_req, params) => admitOperation(params),
      // A costly query runs in an expensive-work slot; a ServiceUnavailableError when none is free in time
      // (the error handler answers it with 503 and Retry-After).
      execute: async (args) => {
        const cost = costs.get(args.document) ?? 0;
        const gate = deps.admission;
        if (!gate || cost <= limits.graphqlExpensiveCost) return graphqlRuntime.execute(args);
        return gate.run('graphql', async () => graphqlRuntime.execute(args));
      },
      formatError: formatGraphqlError(deps.logger, () => String(res.getHeader('x-request-id') ?? '') || undefined),
    });
    return respond(handle, req, res, next);
  });
}

async function respond(handle: Handler<Request, { res: Response }>, req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const [body, init] = await handle(toGraphqlHttpRequest(req, res));
    res.writeHead(init.status, init.statusText, init.headers).end(body);
  } catch (err) {
    next(err);
  }
}
