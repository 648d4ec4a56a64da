// The executable schema: the SDL in schema.graphql (the contract the web UI is built against) plus
// the resolvers; a resolver for a field the SDL does not have is a startup error.
import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.ts';

export const schemaSdl: string = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

let built: GraphQLSchema | undefined;

export function graphqlSchema(): GraphQLSchema {
  built ??= makeExecutableSchema({
    typeDefs: schemaSdl,
    resolvers,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return built;
}
