// The database executor (store/db.ts) on the real database of the run (PGlite, or PostgreSQL with
// DATABASE_URL): typed rows, row counts, transactions that commit or roll back as a whole, nested
// transactions as savepoints, the transaction timeout, the hot-path pool inside a transaction, and
// the SQLSTATE the error mapping reads.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isUniqueViolation, sqlState } from '../../src/store/database-errors.ts';
import { openDatabase, type Database } from '../../src/store/db.ts';
import { sql } from '../../src/store/sql.ts';
import { uniqueName } from '../support/seed.ts';
import { openTestDatabase, testDatabaseUrl } from '../support/test-database.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const insertPacticipant = (on: Pick<Database, 'execute'>, name: string) =>
  on.execute(sql`INSERT INTO pacticipants (name, name_key) VALUES (${name}, ${name.toLowerCase()})`);
const exists = async (name: string) =>
  (await db.maybeOne(sql`SELECT 1 AS found FROM pacticipants WHERE name_key = ${name.toLowerCase()}`)) !== undefined;

describe('rows, one, maybeOne and execute', () => {
  test('return typed rows, the first row, undefined for none, and the number of rows changed', async () => {
    const [a, b] = [uniqueName('rows-a'), uniqueName('rows-b')];
    expect(await insertPacticipant(db, a)).toBe(1);
    expect(await insertPacticipant(db, b)).toBe(1);
    const names = sql.param([a.toLowerCase(), b.toLowerCase()]);
    const rows = await db.rows<{ name: string }>(sql`SELECT name FROM pacticipants WHERE name_key = ANY(${names}::text[]) ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual([a, b].sort());
    expect(await db.maybeOne(sql`SELECT id FROM pacticipants WHERE name_key = ${'no such name ' + a}`)).toBeUndefined();
    await expect(db.one(sql`SELECT id FROM pacticipants WHERE name_key = ${'no such name ' + a}`)).rejects.toThrow(/expected a row/);
    expect(await db.execute(sql`UPDATE pacticipants SET display_name = 'x' WHERE name_key = ANY(${names}::text[])`)).toBe(2);
  });
});

describe('transactions', () => {
  test('commit every write when the function resolves', async () => {
    const [a, b] = [uniqueName('tx-commit-a'), uniqueName('tx-commit-b')];
    const result = await db.transaction(async (tx) => {
      await insertPacticipant(tx, a);
      await insertPacticipant(tx, b);
      return 'done';
    });
    expect(result).toBe('done');
    expect([await exists(a), await exists(b)]).toEqual([true, true]);
  });

  test('roll back every write when the function throws, and rethrow its error', async () => {
    const a = uniqueName('tx-rollback');
    await expect(
      db.transaction(async (tx) => {
        await insertPacticipant(tx, a);
        throw new Error('the publish failed half-way');
      }),
    ).rejects.toThrow('the publish failed half-way');
    expect(await exists(a)).toBe(false);
  });

  test('nest as savepoints: a failed inner transaction undoes only its own writes', async () => {
    const [outer, inner, after] = [uniqueName('sp-outer'), uniqueName('sp-inner'), uniqueName('sp-after')];
    await db.transaction(async (tx) => {
      await insertPacticipant(tx, outer);
      await expect(
        tx.transaction(async (nested) => {
          await insertPacticipant(nested, inner);
          await insertPacticipant(nested, outer); // unique violation: aborts the savepoint, not the transaction
        }),
      ).rejects.toSatisfy(isUniqueViolation);
      await insertPacticipant(tx, after);
    });
    expect([await exists(outer), await exists(inner), await exists(after)]).toEqual([true, false, true]);
  });

  test('inside a transaction, the hot pool is the transaction: its writes are seen there and nowhere else until commit', async () => {
    const a = uniqueName('tx-hot');
    await db.hot.transaction(async (tx) => {
      expect(tx.hot).toBe(tx);
      await insertPacticipant(tx.hot, a);
      expect(await tx.maybeOne(sql`SELECT 1 AS found FROM pacticipants WHERE name_key = ${a.toLowerCase()}`)).toEqual({ found: 1 });
      if (testDatabaseUrl()) expect(await exists(a)).toBe(false); // another connection does not see it yet
    });
    expect(await exists(a)).toBe(true);
  });

  test('fail and roll back after their timeout; the abandoned function can no longer write', async () => {
    const [before, late] = [uniqueName('tx-timeout'), uniqueName('tx-late')];
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    let lateOutcome!: (outcome: unknown) => void;
    const lateWrite = new Promise<unknown>((resolve) => (lateOutcome = resolve));
    await expect(
      db.transaction(
        async (tx) => {
          await insertPacticipant(tx, before);
          await resumed;
          lateOutcome(await insertPacticipant(tx, late).catch((err: unknown) => err));
        },
        { timeoutMs: 200 },
      ),
    ).rejects.toThrow(/did not finish within 200 ms/);
    resume();
    expect(String(await lateWrite)).toMatch(/already ended/);
    expect([await exists(before), await exists(late)]).toEqual([false, false]);
  });
});

describe.skipIf(testDatabaseUrl() !== undefined)('on PGlite (one connection)', () => {
  test('a query on the outer handle inside its own transaction fails at once instead of waiting forever', async () => {
    await expect(db.transaction(() => db.rows(sql`SELECT 1`))).rejects.toThrow(/use its `tx`/);
    // The handle works again once the transaction has ended.
    expect(await db.rows(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});

describe.skipIf(testDatabaseUrl() === undefined)('on PostgreSQL (two pools)', () => {
  test('a transaction on the hot pool prepares its statements on that connection', async () => {
    await db.hot.transaction(async (tx) => {
      await tx.rows(sql`SELECT ${1}::int AS n /* db.test hot transaction */`);
      const prepared = await tx.rows<{ statement: string }>(sql`SELECT statement FROM pg_prepared_statements`);
      expect(prepared.some((p) => p.statement.includes('db.test hot transaction'))).toBe(true);
    });
  });

  test('statementTimeoutMs cancels a longer statement on both pools (SQLSTATE 57014); a transaction given a longer timeout may run longer statements', async () => {
    const limited = await openDatabase({ kind: 'postgres', url: testDatabaseUrl()!, poolSize: 1, statementTimeoutMs: 200 });
    try {
      for (const on of [limited, limited.hot]) {
        const err: unknown = await on.rows(sql`SELECT pg_sleep(${2})`).catch((e: unknown) => e);
        expect(sqlState(err)).toBe('57014');
      }
      await expect(limited.rows(sql`SELECT ${1}::int AS n`)).resolves.toEqual([{ n: 1 }]);
      const slept = await limited.transaction((tx) => tx.rows(sql`SELECT pg_sleep(${0.4})::text AS slept`), { timeoutMs: 5_000 });
      expect(slept).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});

describe('errors', () => {
  test('carry the SQLSTATE the HTTP error mapping reads (unique violation: 23505; text with NUL: 22021)', async () => {
    const a = uniqueName('dup');
    await insertPacticipant(db, a);
    const duplicate = await insertPacticipant(db, a).catch((err: unknown) => err);
    expect(sqlState(duplicate)).toBe('23505');
    expect(isUniqueViolation(duplicate)).toBe(true);
    const nul = await insertPacticipant(db, `${uniqueName('nul')}\u0000`).catch((err: unknown) => err);
    expect(sqlState(nul)).toBe('22021');
    expect(sqlState(new Error('not from the database'))).toBeUndefined();
  });
});
