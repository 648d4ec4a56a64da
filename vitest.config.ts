import { defineConfig } from 'vitest/config';

// vitest 5 needs Node 22.12+. On Node 20 it still runs and exits 1 on a failure, but its reporter crashes
// (Map.groupBy) before printing what failed; Treaty itself still runs on 20.19 (docs/TESTING.md).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12))
  console.warn(
    `vitest 5 needs Node 22.12 or newer; this is Node ${process.versions.node}: a failing test is reported without its details. ` +
      'Run the tests with Node 24 (see docs/TESTING.md, "Running the tests on an older Node").',
  );

export default defineConfig({
  test: {
    globalSetup: ['broker/test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two test files at a time even on a 2-core machine (vitest's default there is one): most integration
    // tests wait on child processes, HTTP and the database rather than compute, so two overlap well.
    maxWorkers: 2,
    projects: [
      // Web UI component tests (jsdom): web/vitest.config.ts.
      'web/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{broker,cli,verifiers,prisma,wire}/src/**/*.test.ts', 'sample-services/*/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{broker,cli,verifiers,prisma}/test/**/*.test.ts'],
          exclude: ['**/test/e2e/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['{broker,cli,verifiers}/test/e2e/**/*.test.ts', 'sample-services/*/test/**/*.test.ts', 'web/test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
