// The hot-path pool on PostgreSQL prepares parameterised statements once per connection and runs
// them with generic plans (prisma/src/connect.ts), and can be turned off for PgBouncer.
// Always against a real PostgreSQL: DATABASE_URL's server, or the local one.
import { openPools, type DatabasePools } from '@treaty/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const url = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

async function onOneConnection(preparedStatements: boolean, fn: (db: DatabasePools) => Promise<void>): Promise<void> {
  const db = await openPools({ kind: 'postgres', url, poolSize: 1, preparedStatements });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

const lookup = `SELECT $1::int + 1 AS n /* prepared-statements.test */`;

describe('hot-path statements on PostgreSQL', () => {
  let admin: DatabasePools;
  beforeAll(async () => {
    admin = await openPools({ kind: 'postgres', url, poolSize: 1 });
  });
  afterAll(async () => {
    await admin.close();
  });

  it('are prepared once per connection, reused, and planned generically', async () => {
    await onOneConnection(true, async (db) => {
      const hot = async (text: string, params?: unknown[]) => (await db.hotPool.query(text, params)).rows;
      expect(await hot(lookup, [1])).toEqual([{ n: 2 }]);
      expect(await hot(lookup, [41])).toEqual([{ n: 42 }]);
      // Same (single) connection: it holds exactly one prepared statement for that text.
      const prepared = (await hot(`SELECT name, statement FROM pg_prepared_statements`)) as Array<{ name: string; statement: string }>;
      expect(prepared.filter((p) => p.statement.includes('prepared-statements.test'))).toHaveLength(1);
      expect(prepared[0]!.name).toMatch(/^treaty_[0-9a-f]{24}$/);
      expect(await hot(`SHOW plan_cache_mode`)).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
      // Short index lookups never start parallel workers (their start-up cost tens of ms).
      expect(await hot(`SHOW max_parallel_workers_per_gather`)).toEqual([{ max_parallel_workers_per_gather: '0' }]);
      // The general pool keeps the server's default planning.
      expect((await db.pool.query(`SHOW plan_cache_mode`)).rows).toEqual([{ plan_cache_mode: 'auto' }]);
    });
  });

  it('can be turned off (PgBouncer in transaction mode): nothing is prepared', async () => {
    await onOneConnection(false, async (db) => {
      expect((await db.hotPool.query(lookup, [1])).rows).toEqual([{ n: 2 }]);
      expect((await db.hotPool.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows).toEqual([{ n: 0 }]);
    });
  });
});
