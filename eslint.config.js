// Lint rules that protect the architecture (see shared/conventions.md §1, §7, §14):
// - broker/src/domain is pure: no Express, no Prisma, no http/store/graphql imports;
// - cli and web talk to the broker only over HTTP (shared wire types come from @treaty/wire);
// - configuration is read once (config.ts); process.env is banned elsewhere;
// - async mistakes (floating promises) are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['broker/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['express', 'express/*', '@prisma/*', '@treaty/prisma', 'pg', 'pino'],
              message: 'domain/ is pure logic: no I/O libraries.',
            },
            {
              group: ['**/http/**', '**/store/**', '**/graphql/**', '**/jobs/**', '../http', '../store', '../graphql', '../jobs'],
              message: 'domain/ must not depend on http, store, graphql or jobs.',
            },
          ],
        },
      ],
    },
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
