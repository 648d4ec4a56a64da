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

describe('statements on PGlite (issue #14: PGlite within 3 x PostgreSQL)', () => {
  let db: DatabasePools;
  beforeAll(async () => {
    db = await openPools({ kind: 'embedded-memory' });
    await db.pool.query(`CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, tags text[], doc jsonb, at timestamptz, big bigint)`);
    // A fresh PGlite runs initdb: seconds, more on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await db.close();
  });

  it('are prepared once, reused, and planned generically', async () => {
    expect((await db.hotPool.query(lookup, [1])).rows).toEqual([{ n: 2 }]);
    expect((await db.pool.query(lookup, [41])).rows).toEqual([{ n: 42 }]);
    const prepared = (await db.pool.query(`SELECT name, statement FROM pg_prepared_statements`)).rows as Array<{
      name: string;
      statement: string;
    }>;
    expect(prepared.filter((p) => p.statement.includes('prepared-statements.test'))).toHaveLength(1);
    expect(prepared.find((p) => p.statement.includes('prepared-statements.test'))!.name).toMatch(/^treaty_[0-9a-f]{24}$/);
    expect((await db.pool.query(`SHOW plan_cache_mode`)).rows).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
  });

  it('give the same values as PGlite query() does: arrays, json, timestamps, bigint, null, row counts', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const insert = `INSERT INTO items (id, name, tags, doc, at, big) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id`;
    expect(await db.pool.query(insert, [1, 'one', ['a', 'b'], JSON.stringify({ k: [1, 2] }), at, 9007199254740993n])).toEqual({
      rows: [{ id: 1 }],
      rowCount: 1,
    });
    await db.pool.query(insert, [2, 'two', null, null, null, null]);
    const rows = (await db.pool.query(`SELECT id, name, tags, doc, at, big FROM items WHERE id = ANY($1::int[]) ORDER BY id`, [[1, 2]]))
      .rows;
    expect(rows).toEqual([
      { id: 1, name: 'one', tags: ['a', 'b'], doc: { k: [1, 2] }, at, big: 9007199254740993n },
      { id: 2, name: 'two', tags: null, doc: null, at: null, big: null },
    ]);
    expect((await db.pool.query(`UPDATE items SET name = $1 WHERE id > $2`, ['x', 0])).rowCount).toBe(2);
  });

  it('keep the error code of a failed statement, and the connection works after it', async () => {
    const failed = await db.pool.query(`INSERT INTO items (id, name) VALUES ($1, $2)`, [1, 'dup']).catch((e: unknown) => e);
    expect((failed as { code?: string }).code).toBe('23505');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM items WHERE id = $1`, [1])).rows).toEqual([{ n: 1 }]);
    // A text that does not parse fails as PGlite reports it, and is tried again (never cached as broken).
    await expect(db.pool.query(`SELECT nope FROM items WHERE id = $1`, [1])).rejects.toThrow(/nope/);
  });

  it('can be turned off (the A/B of broker/bench/experiments/pglite-prepared-ab.ts): nothing is prepared', async () => {
    const plain = await openPools({ kind: 'embedded-memory', preparedStatements: false });
    try {
      expect((await plain.pool.query(lookup, [1])).rows).toEqual([{ n: 2 }]);
      expect((await plain.pool.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows).toEqual([{ n: 0 }]);
      expect((await plain.pool.query(`SHOW plan_cache_mode`)).rows).toEqual([{ plan_cache_mode: 'auto' }]);
    } finally {
      await plain.close();
    }
  }, 180_000);

  it('run inside transactions, which still commit and roll back as a whole', async () => {
    await db.pool.transaction(async (tx) => {
      await tx.query(`INSERT INTO items (id, name) VALUES ($1, $2)`, [10, 'kept']);
    });
    await expect(
      db.pool.transaction(async (tx) => {
        await tx.query(`INSERT INTO items (id, name) VALUES ($1, $2)`, [11, 'gone']);
        await tx.query(`INSERT INTO items (id, name) VALUES ($1, $2)`, [10, 'duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await db.pool.query(`SELECT id FROM items WHERE id = ANY($1::int[]) ORDER BY id`, [[10, 11]])).rows).toEqual([{ id: 10 }]);
  });
});
