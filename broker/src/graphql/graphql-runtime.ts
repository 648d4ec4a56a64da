// The one `graphql` module instance the GraphQL layer uses at runtime: the copy Node itself loads for
// graphql-http and @graphql-tools. Under plain Node and in the esbuild bundle an `import ... from 'graphql'`
// is that same copy, but under vitest our source is evaluated by vite's module runner, which instantiates
// graphql's entry (graphql 17: __dev__/index.mjs under the "development" condition vitest sets) a second
// time beside the one Node's loader gave the externalized libraries. Two copies break graphql's `instanceof`
// checks (graphql 17's dev mode refuses a schema "from another module or realm"; errors lose their
// extensions), so values are taken from the copy Node resolves. Types may still be imported from 'graphql'.
import { createRequire } from 'node:module';
import type * as GraphqlModule from 'graphql';

const require = createRequire(import.meta.url);

export const graphqlRuntime = require('graphql') as typeof GraphqlModule;
