import { openDatabase } from '@treaty/prisma';
import { describe, expect, it } from 'vitest';
import { loadMigrationList } from '../src/migrations.ts';

describe('database migrations (issue 2)', () => {
  it('migrates a fresh embedded database to the current schema, and a second run is a no-op', async () => {
    const db = await openDatabase({ kind: 'embedded-memory' });
    try {
      const all = (await loadMigrationList()).migrationDirectories.map((m) => m.path);
      const first = await db.migrate();
      expect(first.applied).toEqual(all);
      const tables = await db.sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          'pacticipants',
          'versions',
          'pact_versions',
          'pact_publications',
          'verifications',
          'environments',
          'deployed_versions',
        ]),
      );
      const second = await db.migrate();
      expect(second).toEqual({ applied: [], upToDate: true });
      // The Prisma client works against the migrated schema.
      await db.prisma.pacticipant.create({ data: { name: 'Foo', nameKey: 'foo' } });
      expect(await db.prisma.pacticipant.count()).toBe(1);
    } finally {
      await db.close();
    }
  });
});
