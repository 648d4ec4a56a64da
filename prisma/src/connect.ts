// Opens a Treaty database: embedded PGlite in a data folder (the default) or PostgreSQL when a
// URL is given. Both give the same two pools of connections (see DatabasePools); the broker's
// typed SQL layer (broker/src/store/db.ts) is built on them, and nothing else talks to the driver.
// Prisma's part is the schema and its migrations (migrate() below, through the WASM schema engine).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { parse as pgliteParse, PGlite, protocol as pgliteProtocol, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyPendingMigrations, type MigrateResult } from './migrations.ts';

/** What one statement returned: its rows, and how many rows it returned or changed. */
export interface SqlResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
}

/** Something that runs one statement: text with positional parameters ($1, $2, ...) and their values. */
export interface SqlSession {
  query(text: string, values?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * A pool of connections: `query` runs on any free one; `transaction` reserves one, runs BEGIN, hands
 * it to `fn`, and COMMITs when `fn` resolves or ROLLs BACK when it throws.
 */
export interface SqlPool extends SqlSession {
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

export type DatabaseTarget =
  | {
      kind: 'embedded';
      dataDir: string;
      /** Default true: parameterised statements are prepared once and reuse their generic plan (openEmbedded). */
      preparedStatements?: boolean;
    }
  /** In memory; `template` is a PGlite data-dir dump (dumpDataDir) to start from, e.g. a migrated one. */
  | { kind: 'embedded-memory'; template?: Blob; preparedStatements?: boolean }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /**
       * Default true: the hot-path pool prepares each statement once per connection and Postgres reuses
       * its generic plan (see openPostgres). Turn off behind PgBouncer in transaction mode before 1.21,
       * which cannot keep prepared statements.
       */
      preparedStatements?: boolean;
      /**
       * PostgreSQL's statement_timeout on every connection of both pools, in ms (0 or unset: none). A statement
       * that runs longer is cancelled (SQLSTATE 57014) so one expensive request cannot hold a connection and a
       * server core indefinitely; the broker answers it with a 503.
       */
      statementTimeoutMs?: number;
    };

export interface DatabasePools {
  readonly target: DatabaseTarget['kind'];
  /** Ordinary reads and writes, planned by the server's defaults. */
  readonly pool: SqlPool;
  /**
   * The hot paths (matrix, can-i-deploy, pacts for verification, the job queue): on PostgreSQL a pool of
   * its own that prepares statements and reuses their generic plans (see openPostgres); on PGlite the same
   * single connection as `pool`.
   */
  readonly hotPool: SqlPool;
  /** Embedded only: a dump of the whole data folder (PGlite dumpDataDir), e.g. to use as a template. */
  dumpDataDir?(): Promise<Blob>;
  migrate(): Promise<MigrateResult>;
  close(): Promise<void>;
}

export async function openPools(target: DatabaseTarget): Promise<DatabasePools> {
  return target.kind === 'postgres'
    ? openPostgres(target.url, target.poolSize, target.preparedStatements, target.statementTimeoutMs)
    : openEmbedded(target);
}

async function openPostgres(url: string, poolSize = 10, preparedStatements = true, statementTimeoutMs = 0): Promise<DatabasePools> {
  const timeout = statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {};
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...timeout });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The hot paths (matrix, can-i-deploy, pacts for verification) are large parameterised queries
  // whose planning costs Postgres several times their execution on a big database. Their own pool
  // prepares each statement once per connection (named after its text) and always reuses the generic
  // plan, which is right for them: every parameter is an id list or key looked up by index, so the
  // plan does not depend on the values. The general pool keeps the default planning.
  // No parallel workers either: these are short index lookups, and starting workers (tens of ms) cost far
  // more than the small aggregates the planner was tempted to parallelise (pacts for verification: 80 ms -> 3 ms).
  const hotOptions = `-c max_parallel_workers_per_gather=0${preparedStatements ? ' -c plan_cache_mode=force_generic_plan' : ''}`;
  const hotPool = new pg.Pool({ connectionString: url, max: poolSize, options: hotOptions, ...timeout });
  hotPool.on('error', () => {});
  const general = pgSqlPool(pool, false);
  return {
    target: 'postgres',
    pool: general,
    hotPool: pgSqlPool(hotPool, preparedStatements),
    migrate: () => migrateWith(new PrismaPg({ connectionString: url }), general),
    async close() {
      await pool.end();
      await hotPool.end();
    },
  };
}

function pgSqlPool(pool: pg.Pool, prepare: boolean): SqlPool {
  const run = async (on: pg.Pool | pg.PoolClient, text: string, values: readonly unknown[] | undefined): Promise<SqlResult> => {
    const params = values as unknown[] | undefined;
    const name = prepare && params !== undefined && params.length > 0 ? statementName(text) : undefined;
    const result = name !== undefined ? await on.query({ name, text, values: params }) : await on.query(text, params);
    return { rows: result.rows as SqlResult['rows'], rowCount: result.rowCount ?? result.rows.length };
  };
  return {
    query: (text, values) => run(pool, text, values),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed is in an unknown state: it is closed rather than reused.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, values) => run(client, text, values) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

/**
 * One name per distinct statement text: node-postgres prepares it on first use on each connection.
 * Statement texts built from a variable number of parts (matrix selectors) could make many variants;
 * past MAX_PREPARED distinct texts the rest run unprepared, so connections never hoard plans.
 */
const MAX_PREPARED = 500;
const preparedNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined || preparedNames.size >= MAX_PREPARED) return known;
  const name = `treaty_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  preparedNames.set(text, name);
  return name;
}

async function openEmbedded(target: Extract<DatabaseTarget, { kind: 'embedded' | 'embedded-memory' }>): Promise<DatabasePools> {
  if (target.kind === 'embedded') await mkdir(target.dataDir, { recursive: true });
  const pglite =
    target.kind === 'embedded' ? new PGlite(target.dataDir) : new PGlite(target.template ? { loadDataDir: target.template } : {});
  await pglite.waitReady;
  // Every parameterised statement is a named prepared statement here (preparedStatements below) and reuses its generic
  // plan, as on PostgreSQL's hot pool: PGlite is one connection for both pools, and the statements that gain (the hot
  // paths) are the ones whose planning costs most.
  const planning = target.preparedStatements === false ? 'auto' : 'force_generic_plan';
  await pglite.exec(`SET plan_cache_mode = ${planning}`);
  // PGlite is one connection: its transaction() holds every other query until it ends (see broker/src/store/db.ts).
  const prepared = target.preparedStatements === false ? undefined : preparedStatements(pglite);
  const run = async (on: PGlite | PGliteTransaction, text: string, values: readonly unknown[] | undefined): Promise<SqlResult> => {
    const inTransaction = on !== pglite;
    if (prepared && values !== undefined && values.length > 0) {
      const result = await prepared(text, values, inTransaction);
      if (result) return result;
    }
    const result = await on.query<Record<string, unknown>>(text, values as unknown[] | undefined);
    return { rows: result.rows, rowCount: (result as { rowCount?: number }).rowCount ?? result.affectedRows ?? result.rows.length };
  };
  const pool: SqlPool = {
    query: (text, values) => run(pglite, text, values),
    transaction: (fn) => pglite.transaction((tx) => fn({ query: (text, values) => run(tx, text, values) })),
  };
  return {
    target: target.kind,
    pool,
    hotPool: pool,
    // Prisma's schema engine plans its own catalog queries: with the server's default planning, as on PostgreSQL.
    migrate: async () => {
      await pglite.exec('SET plan_cache_mode = auto');
      try {
        return await migrateWith(new PrismaPGlite(pglite), pool);
      } finally {
        await pglite.exec(`SET plan_cache_mode = ${planning}`);
      }
    },
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    async close() {
      await pglite.close();
    },
  };
}

/**
 * Named prepared statements on PGlite, as the hot pool has on PostgreSQL (issue #14: PGlite within 3 x PostgreSQL).
 * PGlite's query() parses and plans every statement anew, and planning the large hot-path statements (can-i-deploy,
 * pacts for verification) costs it several times their execution (28 ms to plan, 1 ms to run, on the benchmark's
 * data). Here each parameterised text is parsed once under its own name; later runs only bind and execute the
 * cached generic plan (plan_cache_mode=force_generic_plan, set at open: with `auto` Postgres kept re-planning the
 * two largest can-i-deploy statements). One buffer per run (bind, describe, execute, sync) also crosses into the
 * WASM module once instead of six times. Past MAX_PREPARED distinct texts the rest go through query(), as on
 * PostgreSQL.
 * Returns undefined when the text cannot be prepared (query() then runs it and reports its error as usual).
 */
function preparedStatements(
  pglite: PGlite,
): (text: string, values: readonly unknown[], inTransaction: boolean) => Promise<SqlResult | undefined> {
  const { serialize } = pgliteProtocol;
  const known = new Map<string, { name: string; paramTypes: number[] }>();
  const prepare = async (text: string) => {
    const name = statementName(text);
    if (name === undefined) return null;
    try {
      const { messages } = await pglite.execProtocol(
        concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
        { syncToFs: false },
      );
      return { name, paramTypes: pgliteParse.parseDescribeStatementResults(messages) };
    } catch {
      return null;
    }
  };
  const execute = async (text: string, values: readonly unknown[], inTransaction: boolean) => {
    let statement = known.get(text);
    if (statement === undefined) {
      const fresh = await prepare(text);
      // A text that failed to prepare (an error in it, or a table a pending migration adds) is tried again next time.
      if (fresh === null) return undefined;
      known.set(text, (statement = fresh));
    }
    const { name, paramTypes } = statement;
    const params = values.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[paramTypes[i]!];
      return serializer ? serializer(value) : String(value as string);
    });
    const { messages } = await pglite.execProtocol(
      concat([
        serialize.bind({ statement: name, values: params }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    if (!inTransaction) await pglite.syncToFs();
    const [result] = pgliteParse.parseResults(messages, pglite.parsers);
    const rows = (result?.rows ?? []) as SqlResult['rows'];
    return { rows, rowCount: result?.affectedRows ?? rows.length };
  };
  // The same locks query() takes: a transaction holds every other statement; inside one, only the statement lock.
  return async (text, values, inTransaction) => {
    if (inTransaction) return pglite._runExclusiveQuery(() => execute(text, values, true));
    await pglite._checkReady();
    return pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => execute(text, values, false)));
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function migrateWith(factory: SqlMigrationAwareDriverAdapterFactory, pool: SqlSession): Promise<MigrateResult> {
  return applyPendingMigrations(factory, async () => {
    const [exists] = (await pool.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`)).rows;
    if (exists?.present !== true) return undefined;
    const { rows } = await pool.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows.map((r) => String(r.migration_name));
  });
}
