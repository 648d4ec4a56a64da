// /graphql: GraphQL over HTTP (graphql-http) for POST and GET, and the explorer page for a browser's
// GET. Each request gets its own context (DataLoaders, the principal that http/auth.ts found).
import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { createHandler } from 'graphql-http/lib/use/express';
import { ValidationError } from '../errors.ts';
import { createGraphqlContext, type GraphqlContext, type GraphqlDeps } from './context.ts';
import { formatGraphqlError } from './errors.ts';
import { explorerPage } from './explorer-page.ts';
import { graphqlSchema, schemaSdl } from './schema.ts';

export const GRAPHQL_PATH = '/graphql';

export interface GraphqlRouteOptions {
  /** Builds the per-request context; tests inject one over a counting database. */
  contextFactory?: (req: Request, res: Response) => GraphqlContext;
}

function wantsExplorer(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

export function registerGraphqlRoutes(router: Router, deps: GraphqlDeps, options: GraphqlRouteOptions = {}): void {
  const schema = graphqlSchema();
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
    const handler = createHandler<GraphqlContext>({
      schema,
      context: (r) => contextFactory(r.raw, r.context.res),
      formatError: formatGraphqlError(deps.logger, () => String(res.getHeader('x-request-id') ?? '') || undefined),
    });
    return handler(req, res, next);
  });
}
