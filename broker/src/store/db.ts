// The one way Treaty reaches its database: `Db`, a typed executor of `sql` statements (sql.ts).
//
// Design
// - Every store module takes a `Db` and writes its statements with the `sql` tag; nothing outside store/
//   writes SQL (eslint.config.js refuses imports of this module and sql.ts from other layers, except types).
// - One executor for both databases and for transactions: `Db` runs on a pool (PostgreSQL) or on the single
//   PGlite connection, and `db.transaction(async (tx) => ...)` hands `fn` a `Db` bound to one connection in
//   BEGIN ... COMMIT (ROLLBACK when `fn` throws). A store function never knows which one it was given, so it
//   composes: called with `tx` it joins the caller's transaction; `tx.transaction(...)` nests as a SAVEPOINT.
// - Two pools on PostgreSQL (@treaty/prisma's DatabasePools): the general one, and `db.hot`, whose connections
//   prepare each statement once and reuse its generic plan (matrix, can-i-deploy, pacts for verification, the
//   job queue). A store module picks the pool its statement needs: `db.hot.rows(...)`, or
//   `db.hot.transaction(...)` for a write path that must be a few prepared round trips. Inside a transaction
//   `tx.hot` is `tx` (a transaction has one connection). On PGlite both are the same connection.
// - Typed rows: `rows<T>`, `maybeOne<T>` (the first row or undefined), `one<T>` (the first row, or an error
//   when there is none) and `execute` (the number of rows changed). The type is the caller's promise about
//   the statement's columns (snake_case columns are aliased: `created_at AS "createdAt"`); the drivers give
//   timestamptz as Date, json/jsonb parsed, int4 as number. bigint arrives as a string on PostgreSQL and a
//   number on PGlite: cast to int where a number is wanted, or convert with Number()/String().
// - Prisma keeps the schema (prisma/schema.prisma) and the migrations (@treaty/prisma migrate()); it does
//   not run queries.
import { AsyncLocalStorage } from 'node:async_hooks';
import { openPools, type DatabasePools, type DatabaseTarget, type SqlPool, type SqlResult, type SqlSession } from '@treaty/prisma';
import type { SqlFragment } from './sql.ts';

export interface Db {
  /** Every row of a query. */
  rows<Row extends object = Record<string, unknown>>(query: SqlFragment): Promise<Row[]>;
  /** The first row of a query that returns at most one, or undefined when it returns none. */
  maybeOne<Row extends object = Record<string, unknown>>(query: SqlFragment): Promise<Row | undefined>;
  /** The first row of a query that always returns one (e.g. INSERT ... RETURNING); an error when it returns none. */
  one<Row extends object = Record<string, unknown>>(query: SqlFragment): Promise<Row>;
  /** Runs a statement; the number of rows it inserted, updated or deleted (or returned). */
  execute(query: SqlFragment): Promise<number>;
  /** Runs `fn` in one transaction: all of its writes land, or none do. Nested calls are savepoints. */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** The same database through the hot-path pool (prepared statements, generic plans); itself inside a transaction. */
  readonly hot: Db;
}

export interface TransactionOptions {
  /**
   * The transaction is rolled back and fails after this long (default 30 s), so a stuck request cannot hold
   * a connection and its locks; an import of thousands of versions passes a longer one.
   */
  timeoutMs?: number;
}

/** An open database: the executor plus what the process that opened it does with it. */
export interface Database extends Db {
  readonly target: DatabaseTarget['kind'];
  migrate(): ReturnType<DatabasePools['migrate']>;
  close(): Promise<void>;
  /** Embedded only: a dump of the whole data folder, e.g. to start a test database from. */
  dumpDataDir?(): Promise<Blob>;
  /**
   * The driver's pools under the executor, which run SQL text. Only for tools that run statements they read
   * or build as text (the benchmark, test helpers, CREATE DATABASE); the broker's code gets a `Db`, not this.
   */
  readonly pools: DatabasePools;
}

export type { DatabaseTarget };

export const DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return databaseOn(await openPools(target));
}

/** The executor on pools opened elsewhere (tests that count statements, tools). */
export function databaseOn(pools: DatabasePools): Database {
  // PGlite is a single connection whose transaction() makes every other query wait for it: a query on the
  // outer handle from inside a transaction would wait forever. That is always a bug (use `tx`), so it fails fast.
  const singleConnection = pools.pool === pools.hotPool;
  const openTransaction = new AsyncLocalStorage<TransactionState>();
  const guard = () => {
    if (singleConnection && openTransaction.getStore()?.open)
      throw new Error(
        'a query on the database handle inside one of its transactions would wait for that transaction forever: use its `tx`',
      );
  };
  // PGlite runs each statement on this thread, holding the event loop until it ends. Yielding to the loop before
  // each one lets the requests that arrived meanwhile (/health, cheap reads) in between the statements of a long
  // request, instead of after all of them (issue #11).
  const runOn = singleConnection ? runAfterYield : run;
  const onPool = (pool: SqlPool, hot: () => Db): Db =>
    executor(
      (query) => {
        guard();
        return runOn(pool, query);
      },
      (fn, options) => {
        guard();
        return pool.transaction(async (session) => {
          // A transaction given a longer timeout (an import) may also run statements longer than the pool's
          // statement_timeout (TREATY_DB_STATEMENT_TIMEOUT_MS); PGlite has no statement timeout.
          if (options?.timeoutMs !== undefined && pools.target === 'postgres')
            await session.query(`SET LOCAL statement_timeout = ${Math.max(0, Math.floor(options.timeoutMs))}`);
          const state: TransactionState = { open: true, savepoints: 0 };
          return openTransaction.run(state, () => runTransaction(session, state, fn, options?.timeoutMs));
        });
      },
      hot,
    );
  const general: Db = onPool(pools.pool, () => hot);
  const hot: Db = singleConnection ? general : onPool(pools.hotPool, () => hot);
  return {
    ...general,
    hot,
    target: pools.target,
    pools,
    migrate: () => pools.migrate(),
    close: () => pools.close(),
    ...(pools.dumpDataDir ? { dumpDataDir: () => pools.dumpDataDir!() } : {}),
  };
}

interface TransactionState {
  open: boolean;
  savepoints: number;
}

function run(session: SqlSession, query: SqlFragment): Promise<SqlResult> {
  const { text, values } = query.toQuery();
  return session.query(text, values);
}

async function runAfterYield(session: SqlSession, query: SqlFragment): Promise<SqlResult> {
  await new Promise((resolve) => setImmediate(resolve));
  return run(session, query);
}

function executor(runQuery: (query: SqlFragment) => Promise<SqlResult>, transaction: Db['transaction'], hot: () => Db): Db {
  return {
    rows: async <Row extends object>(query: SqlFragment) => (await runQuery(query)).rows as Row[],
    maybeOne: async <Row extends object>(query: SqlFragment) => (await runQuery(query)).rows[0] as Row | undefined,
    async one<Row extends object>(query: SqlFragment) {
      const row = (await runQuery(query)).rows[0];
      if (row === undefined) throw new Error(`expected a row from: ${query.toQuery().text.trim().slice(0, 120)}`);
      return row as Row;
    },
    execute: async (query) => (await runQuery(query)).rowCount,
    transaction,
    get hot() {
      return hot();
    },
  };
}

/** `fn` on one connection, failed (and so rolled back by the pool) when it outlasts the timeout. */
async function runTransaction<T>(
  session: SqlSession,
  state: TransactionState,
  fn: (tx: Db) => Promise<T>,
  timeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS,
): Promise<T> {
  const tx: Db = executor(
    (query) => {
      // After a timeout `fn` may still be running; its connection is rolled back and back in the pool.
      if (!state.open) throw new Error('this transaction has already ended (it timed out or was rolled back)');
      return run(session, query);
    },
    (inner) => savepoint(session, state, tx, inner),
    () => tx,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the transaction did not finish within ${timeoutMs} ms and was rolled back`)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([fn(tx), timedOut]);
  } finally {
    clearTimeout(timer);
    state.open = false;
  }
}

async function savepoint<T>(session: SqlSession, state: TransactionState, tx: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!state.open) throw new Error('this transaction has already ended (it timed out or was rolled back)');
  const name = `treaty_savepoint_${++state.savepoints}`;
  await session.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await session.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    if (state.open) await session.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw err;
  }
}
