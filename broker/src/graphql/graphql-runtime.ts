// The one `graphql` module instance the GraphQL layer uses at runtime. graphql 16 ships index.js
// (CommonJS, its "main") and index.mjs (its "module") without an exports map: Node loads index.js
// for graphql-http and @graphql-tools, while a bundler-style resolver (vitest/vite) may hand our
// source index.mjs. Two copies break graphql's `instanceof` checks (errors lose their extensions,
// schemas are refused), so values are taken from the copy Node itself resolves.
import { createRequire } from 'node:module';
import type * as GraphqlModule from 'graphql';

const require = createRequire(import.meta.url);

export const graphqlRuntime = require('graphql') as typeof GraphqlModule;
