// The raw-SQL runner on PostgreSQL prepares parameterised statements once per connection and runs
// them with generic plans (prisma/src/connect.ts), and can be turned off for PgBouncer.
// Always against a real PostgreSQL: DATABASE_URL's server, or the local one.
import { openDatabase, type TreatyDatabase } from '@treaty/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const url = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

async function onOneConnection(preparedStatements: boolean, fn: (db: TreatyDatabase) => Promise<void>): Promise<void> {
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 1, preparedStatements });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

const lookup = `SELECT $1::int + 1 AS n /* prepared-statements.test */`;

describe('hot-path statements on PostgreSQL', () => {
  let admin: TreatyDatabase;
  beforeAll(async () => {
    admin = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  });
  afterAll(async () => {
    await admin.close();
  });

  it('are prepared once per connection, reused, and planned generically', async () => {
    await onOneConnection(true, async (db) => {
      expect(await db.sql.query(lookup, [1])).toEqual([{ n: 2 }]);
      expect(await db.sql.query(lookup, [41])).toEqual([{ n: 42 }]);
      // Same (single) connection: it holds exactly one prepared statement for that text.
      const prepared = await db.sql.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements`);
      expect(prepared.filter((p) => p.statement.includes('prepared-statements.test'))).toHaveLength(1);
      expect(prepared[0]!.name).toMatch(/^treaty_[0-9a-f]{24}$/);
      expect(await db.sql.query(`SHOW plan_cache_mode`)).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
      // Short index lookups never start parallel workers (their start-up cost tens of ms).
      expect(await db.sql.query(`SHOW max_parallel_workers_per_gather`)).toEqual([{ max_parallel_workers_per_gather: '0' }]);
      // Prisma's own pool keeps the server's default planning.
      expect(await db.prisma.$queryRawUnsafe(`SHOW plan_cache_mode`)).toEqual([{ plan_cache_mode: 'auto' }]);
    });
  });

  it('can be turned off (PgBouncer in transaction mode): nothing is prepared', async () => {
    await onOneConnection(false, async (db) => {
      expect(await db.sql.query(lookup, [1])).toEqual([{ n: 2 }]);
      expect(await db.sql.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).toEqual([{ n: 0 }]);
    });
  });
});
