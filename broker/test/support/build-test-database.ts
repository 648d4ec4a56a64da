// Run by the global setup in a child process (`tsx`): migrates the test database once and, for the
// embedded database, writes a dump of the migrated PGlite for test files to start from.
// (A child process, because Prisma's WASM schema engine does not run inside vitest's main process.)
import { writeFile } from 'node:fs/promises';
import { openPools } from '@treaty/prisma';

const [mode, target] = process.argv.slice(2);
if (mode === 'postgres' && target) {
  const db = await openPools({ kind: 'postgres', url: target, poolSize: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
} else if (mode === 'pglite-template' && target) {
  const db = await openPools({ kind: 'embedded-memory' });
  try {
    await db.migrate();
    const dump = await db.dumpDataDir!();
    await writeFile(target, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
} else {
  console.error('usage: build-test-database.ts postgres <url> | pglite-template <file>');
  process.exit(2);
}
