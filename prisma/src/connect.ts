// Opens a Treaty database: embedded PGlite in a data folder (the default) or PostgreSQL when a
// URL is given. Both expose the same two handles on the same connection(s):
// - `prisma`: the Prisma client, for ordinary reads and writes;
// - `sql`: a thin raw-SQL runner for the hand-tuned hot paths (matrix, can-i-deploy, ...).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client.ts';
import { applyPendingMigrations, type MigrateResult } from './migrations.ts';

export type { PrismaClient } from '../generated/client.ts';
export { Prisma } from '../generated/client.ts';

/** Raw SQL with positional parameters ($1, $2, ...). */
export interface SqlRunner {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
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
       * Default true: the raw-SQL runner prepares each statement once per connection and Postgres reuses
       * its generic plan (see openPostgres). Turn off behind PgBouncer in transaction mode before 1.21,
       * which cannot keep prepared statements.
       */
      preparedStatements?: boolean;
    };

export interface TreatyDatabase {
  readonly target: DatabaseTarget['kind'];
  /** Embedded only: a dump of the whole data folder (PGlite dumpDataDir), e.g. to use as a template. */
  dumpDataDir?(): Promise<Blob>;
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  migrate(): Promise<MigrateResult>;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<TreatyDatabase> {
  return target.kind === 'postgres' ? openPostgres(target.url, target.poolSize, target.preparedStatements) : openEmbedded(target);
}

async function openPostgres(url: string, poolSize = 10, preparedStatements = true): Promise<TreatyDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const factory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: factory });
  // The hot paths (matrix, can-i-deploy, pacts for verification) are large parameterised queries
  // whose planning costs Postgres several times their execution on a big database. Their own pool
  // prepares each statement once per connection (named after its text) and always reuses the generic
  // plan, which is right for them: every parameter is an id list or key looked up by index, so the
  // plan does not depend on the values. Prisma's queries keep the default planning on their own pool.
  // No parallel workers either: these are short index lookups, and starting workers (tens of ms) cost far
  // more than the small aggregates the planner was tempted to parallelise (pacts for verification: 80 ms -> 3 ms).
  const hotOptions = `-c max_parallel_workers_per_gather=0${preparedStatements ? ' -c plan_cache_mode=force_generic_plan' : ''}`;
  const hotPool = new pg.Pool({ connectionString: url, max: poolSize, options: hotOptions });
  hotPool.on('error', () => {});
  const sql: SqlRunner = {
    async query(text, params) {
      const values = params as unknown[] | undefined;
      const name = preparedStatements && values !== undefined && values.length > 0 ? statementName(text) : undefined;
      const result = name !== undefined ? await hotPool.query({ name, text, values }) : await hotPool.query(text, values);
      return result.rows;
    },
  };
  return {
    target: 'postgres',
    prisma,
    sql,
    migrate: () => migrateWith(new PrismaPg({ connectionString: url }), sql),
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await hotPool.end();
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

async function openEmbedded(target: Extract<DatabaseTarget, { kind: 'embedded' | 'embedded-memory' }>): Promise<TreatyDatabase> {
  if (target.kind === 'embedded') await mkdir(target.dataDir, { recursive: true });
  const pglite =
    target.kind === 'embedded' ? new PGlite(target.dataDir) : new PGlite(target.template ? { loadDataDir: target.template } : {});
  await pglite.waitReady;
  const factory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: factory });
  const sql: SqlRunner = {
    async query(text, params) {
      const result = await pglite.query(text, params as unknown[] | undefined);
      return result.rows as never[];
    },
  };
  return {
    target: target.kind,
    prisma,
    sql,
    migrate: () => migrateWith(factory, sql),
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

function migrateWith(factory: SqlMigrationAwareDriverAdapterFactory, sql: SqlRunner): Promise<MigrateResult> {
  return applyPendingMigrations(factory, async () => {
    const [exists] = await sql.query<{ present: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
    if (!exists?.present) return undefined;
    const rows = await sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows.map((r) => r.migration_name);
  });
}
