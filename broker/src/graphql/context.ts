// What every resolver receives: the database handles, this request's DataLoaders and who is asking.
// Built once per request by the context factory (route.ts); tests can build one over a counting
// database to assert how many queries a page costs.
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../domain/auth/authorize.ts';
import type { Logger } from '../logger.ts';
import type { SchemaChecker } from '../domain/schemas/schema-checker.ts';
import type { Db } from '../store/db.ts';
import { sharedNetworkLayouts, type NetworkLayouts } from '../workers/network-layouts.ts';
import { sharedSchemaChecker } from '../workers/schema-check-pool.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Viewer {
  /** Undefined when anonymous, or when auth is off. */
  principal: Principal | undefined;
  authEnabled: boolean;
  allowPublicRead: boolean;
}

/** A type alias (not an interface) so it satisfies graphql-http's OperationContext record type. */
export type GraphqlContext = {
  db: Db;
  loaders: Loaders;
  viewer: Viewer;
  logger: Logger;
  /** Schema comparisons (on worker threads unless TREATY_SCHEMA_CHECK_WORKERS=0). */
  schemaChecker: SchemaChecker;
  /** The network laid out on a worker thread, remembered by the graph's shape (issue #17). */
  networkLayouts: NetworkLayouts;
};

export type GraphqlDeps = Pick<AppDeps, 'config' | 'logger' | 'db'>;

export function createGraphqlContext(deps: GraphqlDeps, principal: Principal | undefined): GraphqlContext {
  return {
    db: deps.db,
    loaders: createLoaders(deps.db),
    viewer: { principal, authEnabled: deps.config.auth.enabled, allowPublicRead: deps.config.auth.allowPublicRead },
    logger: deps.logger,
    schemaChecker: sharedSchemaChecker(deps.config.limits.schemaCheckWorkers),
    networkLayouts: sharedNetworkLayouts(),
  };
}
