// Plain .mjs on purpose: the root tsconfig and ESLint cover src/ and test/ only.
// Used when the tests run from this workspace (npm test -w sample-services/payment-service).
// From the repository root, the root vitest.config.ts runs test/ in its "e2e" project instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
