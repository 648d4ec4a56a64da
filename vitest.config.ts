import { defineConfig } from 'vitest/config';

// vitest 5 declares Node 22.12+, while Treaty itself still runs on Node 20.19 (README, "Supported Node versions") and
// CI checks that by running the whole suite on the machine's Node too. On Node 20 vitest runs every test, but its
// runner process (not the test workers) calls two ES2024 functions Node 20 lacks: Map.groupBy to report failures and
// Object.groupBy for snapshots. Only this process gets them, here, so a failure on Node 20 is reported with its
// details; the workers that run Treaty's code keep Node 20's own globals, and tsconfig's lib (ES2023) keeps Treaty's
// code from using them.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) installRunnerPolyfills();

function installRunnerPolyfills(): void {
  type GroupBy = <T, K>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
  const groupToMap: GroupBy = (items, key) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const k = key(item, index++);
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    return groups;
  };
  const maps = Map as unknown as { groupBy?: GroupBy };
  maps.groupBy ??= groupToMap;
  const objects = Object as unknown as {
    groupBy?: (items: Iterable<unknown>, key: (item: unknown, index: number) => PropertyKey) => object;
  };
  objects.groupBy ??= (items, key) => Object.assign(Object.create(null) as object, Object.fromEntries(groupToMap(items, key)));
}

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
