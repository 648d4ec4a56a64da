// End-to-end tests of the UI in a real browser (Debian's /usr/bin/chromium through playwright-core)
// against a real Treaty started in-process. `npm run test:e2e -w web`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'web-e2e',
    include: ['web/test/e2e/**/*.e2e.test.ts'],
    // The broker's test database template (one migrated PGlite, copied per test file).
    globalSetup: ['broker/test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
