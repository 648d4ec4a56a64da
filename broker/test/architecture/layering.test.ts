// The layering of broker/src is checked by `npm run lint` (eslint.config.js): arrows point down
// (http/graphql -> jobs -> store -> domain) and only store/ writes SQL. These cases run the real
// ESLint config on a wrong-way import placed in a real file of each layer, so a config that stopped
// enforcing a rule fails here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The restricted-import messages ESLint reports for `code` as if it were the file at `file`. */
async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

// ESLint with type information starts slowly (tens of seconds on a loaded machine).
describe('npm run lint refuses a wrong-way import (issue 15)', { timeout: 180_000 }, () => {
  test.each([
    [
      'a store module importing http/',
      'broker/src/store/paging.ts',
      `import { paths } from '../http/hal.ts';\nexport const x = paths;\n`,
      /store\/ is below/,
    ],
    [
      'a store module importing jobs/',
      'broker/src/store/paging.ts',
      `import { runSchemaCheck } from '../jobs/schema-check.ts';\nexport const x = runSchemaCheck;\n`,
      /store\/ is below/,
    ],
    [
      'a job importing a route',
      'broker/src/jobs/handlers.ts',
      `import { registerMatrixRoutes } from '../http/routes/matrix.ts';\nexport const x = registerMatrixRoutes;\n`,
      /jobs\/ may use store/,
    ],
    [
      'a route writing SQL',
      'broker/src/http/routes/tags.ts',
      `import { sql } from '../../store/sql.ts';\nexport const x = sql\`SELECT 1\`;\n`,
      /SQL is written in broker\/src\/store only/,
    ],
    [
      'a route opening the database',
      'broker/src/http/routes/tags.ts',
      `import { openDatabase } from '../../store/db.ts';\nexport const x = openDatabase;\n`,
      /only main.ts opens the database/,
    ],
    [
      'a resolver using the driver',
      'broker/src/graphql/loaders.ts',
      `import pg from 'pg';\nexport const x = pg;\n`,
      /Only broker\/src\/store reaches the database/,
    ],
    [
      'graphql using http internals',
      'broker/src/graphql/loaders.ts',
      `import { sendHal } from '../http/hal.ts';\nexport const x = sendHal;\n`,
      /graphql\/ does not use http/,
    ],
    [
      'http using graphql internals',
      'broker/src/http/routes/index.ts',
      `import { createLoaders } from '../../graphql/loaders.ts';\nexport const x = createLoaders;\n`,
      /http\/ registers GraphQL's route/,
    ],
    [
      'the domain importing the store',
      'broker/src/domain/matrix/badge.ts',
      `import { sql } from '../../store/sql.ts';\nexport const x = sql;\n`,
      /domain\/ must not depend/,
    ],
  ])('%s', async (_what, file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  test.each([
    ['the Db type in a route', 'broker/src/http/routes/tags.ts', `import type { Db } from '../../store/db.ts';\nexport type X = Db;\n`],
    [
      "http registering GraphQL's route",
      'broker/src/http/routes/index.ts',
      `import { registerGraphqlRoutes } from '../../graphql/route.ts';\nexport const x = registerGraphqlRoutes;\n`,
    ],
    [
      'main.ts opening the database',
      'broker/src/main.ts',
      `import { openDatabase } from './store/db.ts';\nexport const x = openDatabase;\n`,
    ],
    ['a store module writing SQL', 'broker/src/store/paging.ts', `import { sql } from './sql.ts';\nexport const x = sql\`SELECT 1\`;\n`],
  ])('allows %s', async (_what, file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
