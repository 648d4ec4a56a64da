import { openPools } from '@treaty/prisma';
import { describe, expect, it } from 'vitest';
import { loadMigrationList } from '../src/migrations.ts';

describe('database migrations (issue 2)', () => {
  it('migrates a fresh embedded database to the current schema, and a second run is a no-op', async () => {
    const db = await openPools({ kind: 'embedded-memory' });
    try {
      const all = (await loadMigrationList()).migrationDirectories.map((m) => m.path);
      const first = await db.migrate();
      expect(first.applied).toEqual(all);
      const { rows: tables } = await db.pool.query(
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
      // The migrated schema takes a row the way the broker writes one (ids and timestamps from their defaults).
      await db.pool.query(`INSERT INTO pacticipants (name, name_key) VALUES ($1, $2)`, ['Foo', 'foo']);
      const { rows } = await db.pool.query(`SELECT id, name, created_at FROM pacticipants`);
      expect(rows).toEqual([{ id: 1, name: 'Foo', created_at: expect.any(Date) }]);
    } finally {
      await db.close();
    }
  });
});
