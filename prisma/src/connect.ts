// Opens a Treaty database: embedded PGlite in a data folder (the default) or PostgreSQL when a
// URL is given. Both give the same two pools of connections (see DatabasePools); the broker's
// typed SQL layer (broker/src/store/db.ts) is built on them, and nothing else talks to the driver.
// Prisma's part is the schema and its migrations (migrate() below, through the WASM schema engine).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
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
  | { kind: 'embedded'; dataDir: string }
  /** In memory; `template` is a PGlite data-dir dump (dumpDataDir) to start from, e.g. a migrated one. */
  | { kind: 'embedded-memory'; template?: Blob }
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
  // PGlite is one connection: its transaction() holds every other query until it ends (see broker/src/store/db.ts).
  const run = async (on: PGlite | PGliteTransaction, text: string, values: readonly unknown[] | undefined): Promise<SqlResult> => {
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
    migrate: () => migrateWith(new PrismaPGlite(pglite), pool),
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    async close() {
      await pglite.close();
    },
  };
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
