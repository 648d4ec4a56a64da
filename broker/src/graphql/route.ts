// /graphql: GraphQL over HTTP (graphql-http) for POST and GET, and the explorer page for a browser's
// GET. Each request gets its own context (DataLoaders, the principal that http/auth.ts found).
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import { createHandler, type Handler, type Request as GraphqlHttpRequest } from 'graphql-http';
import type { AdmissionGate } from '../admission.ts';
import { ValidationError } from '../errors.ts';
import { createGraphqlContext, type GraphqlContext, type GraphqlDeps } from './context.ts';
import { formatGraphqlError } from './errors.ts';
import { explorerPage } from './explorer-page.ts';
import { graphqlRuntime } from './graphql-runtime.ts';
import { queryLimitRules, type OperationMeasure } from './query-limits.ts';
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

/** graphql's rules after the limit rules: the limits are cheap, and graphql's own cost grows with what they bound. */
function limitsFirst(schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[] = graphqlRuntime.specifiedRules) {
  const limitRules = rules.filter((rule) => !graphqlRuntime.specifiedRules.includes(rule));
  const refused = graphqlRuntime.validate(schema, document, limitRules);
  if (refused.length > 0) return refused;
  return graphqlRuntime.validate(
    schema,
    document,
    rules.filter((rule) => graphqlRuntime.specifiedRules.includes(rule)),
  );
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
  // Each validated operation's measure, by its context, for the admission decision before it executes.
  const measures = new WeakMap<object, OperationMeasure>();
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
      parse: (source) => graphqlRuntime.parse(source, { maxTokens: MAX_QUERY_TOKENS }),
      validate: limitsFirst,
      validationRules: (_r, args, specifiedRules) => [
        ...queryLimitRules(queryLimits, args.variableValues, (measure) => measures.set(args.contextValue as object, measure)),
        ...specifiedRules,
      ],
      // A costly query runs in an expensive-work slot; a ServiceUnavailableError when none is free in time
      // (the error handler answers it with 503 and Retry-After).
      execute: async (args) => {
        const measure = measures.get(args.contextValue as object);
        const gate = deps.admission;
        if (!gate || !measure || measure.cost <= limits.graphqlExpensiveCost) return graphqlRuntime.execute(args);
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
