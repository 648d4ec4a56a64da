// Lint rules that protect the architecture (see shared/conventions.md §1, §7, §14, docs/DEVELOPMENT.md):
// - broker/src's layers point down: http/graphql -> jobs -> store -> domain; domain is pure (no I/O);
// - only broker/src/store reaches the database, and SQL is written there (store/sql.ts, store/db.ts);
// - cli and web talk to the broker only over HTTP (shared wire types come from @treaty/wire);
// - configuration is read once (config.ts); process.env is banned elsewhere;
// - async mistakes (floating promises) are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// broker/src/store is the one way to the database (store/db.ts): the SQL is written there, with its `sql` tag.
const databaseDriver = {
  group: ['@treaty/prisma', '@prisma/*', 'pg', '@electric-sql/pglite'],
  message: 'Only broker/src/store reaches the database: call a store function.',
};
const sqlLayer = { group: ['**/store/sql.ts'], message: 'SQL is written in broker/src/store only: add or call a store function.' };
const executorValues = {
  group: ['**/store/db.ts'],
  allowTypeImports: true,
  message: 'Outside store/, take the Db type (from deps) and pass it to store functions; only main.ts opens the database.',
};
/** Import paths into the named sibling layers of broker/src. */
const upperLayers = (...layers) => layers.map((l) => `**/${l}/**`);
const restrictImports = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.tmp-*',
      'prisma/generated/**',
      '**/dist/**',
      'web/**',
      '.treaty/**',
      '**/*.js',
      '**/*.mjs',
      '!eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-process-env': 'error',
    },
  },
  {
    // Configuration entry points may read the environment.
    files: ['**/config.ts', '**/config/*.ts', 'prisma/scripts/**', '**/test/**', '**/bench/**', 'vitest.config.ts', 'sample-services/**'],
    rules: { 'no-process-env': 'off' },
  },
  // The broker's layers, arrows pointing down: http/ and graphql/ (entry points) -> jobs/ -> store/ -> domain/.
  // Each file matches one of these blocks (a later block's no-restricted-imports replaces an earlier one's).
  {
    files: ['broker/src/**/*.ts'],
    rules: restrictImports(databaseDriver, sqlLayer, executorValues),
  },
  {
    files: ['broker/src/main.ts'],
    rules: restrictImports(databaseDriver, sqlLayer),
  },
  {
    files: ['broker/src/store/**/*.ts'],
    rules: restrictImports(
      { group: upperLayers('http', 'graphql', 'jobs'), message: 'store/ is below http, graphql and jobs: it must not import them.' },
      { group: ['express', 'express/*', '**/app.ts', '**/deps.ts'], message: 'store/ knows nothing of the app or HTTP.' },
    ),
  },
  {
    files: ['broker/src/jobs/**/*.ts'],
    rules: restrictImports(databaseDriver, sqlLayer, executorValues, {
      group: upperLayers('http', 'graphql'),
      message: 'jobs/ may use store/ and domain/, not http/ or graphql/ (move what both need to a lower module).',
    }),
  },
  {
    files: ['broker/src/http/**/*.ts'],
    rules: restrictImports(databaseDriver, sqlLayer, executorValues, {
      group: [...upperLayers('graphql'), '!**/graphql/route.ts'],
      message: "http/ registers GraphQL's route (graphql/route.ts) and uses nothing else of graphql/.",
    }),
  },
  {
    files: ['broker/src/graphql/**/*.ts'],
    rules: restrictImports(databaseDriver, sqlLayer, executorValues, {
      group: upperLayers('http'),
      message: "graphql/ does not use http/'s internals; share through domain/, store/ or a module both may import.",
    }),
  },
  {
    files: ['broker/src/domain/**/*.ts'],
    rules: restrictImports(
      {
        group: ['express', 'express/*', '@prisma/*', '@treaty/prisma', 'pg', '@electric-sql/pglite', 'pino'],
        message: 'domain/ is pure logic: no I/O libraries.',
      },
      { group: upperLayers('http', 'store', 'graphql', 'jobs'), message: 'domain/ must not depend on http, store, graphql or jobs.' },
    ),
  },
  {
    files: ['cli/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx'],
    ignores: ['cli/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@treaty/broker', '**/broker/**'],
              message: 'cli and web talk to the broker over HTTP; use @treaty/wire for shared types.',
            },
          ],
        },
      ],
    },
  },
);
