// A scratch PostgreSQL database of its own, for the reliability tests that must run on real
// PostgreSQL even when the suite runs on PGlite: `treaty_scratch_<random>` is created next to
// DATABASE_URL's database (or on postgresql://postgres@127.0.0.1:5432/postgres), migrated, and
// dropped (WITH FORCE, so a SIGKILLed broker's connections do not block it) by `drop()`.
import { randomBytes } from 'node:crypto';
import { openPools } from '@treaty/prisma';
import { openDatabase, type Database } from '../../src/store/db.ts';
import { queryText } from './test-database.ts';

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface ScratchPostgres {
  /** Connection URL of the scratch database (give it to a broker as DATABASE_URL). */
  url: string;
  /** A migrated connection to it, for direct row counts. */
  db: Database;
  /** Closes `db` and drops the database. */
  drop(): Promise<void>;
}

export async function createScratchPostgres(options: { poolSize?: number } = {}): Promise<ScratchPostgres> {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const name = `treaty_scratch_${randomBytes(6).toString('hex')}`;
  const admin = await openPools({ kind: 'postgres', url: adminUrl, poolSize: 1 });
  await admin.pool.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  try {
    db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: options.poolSize ?? 4 });
    await db.migrate();
  } catch (err) {
    await db?.close().catch(() => {});
    await admin.pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.close();
    throw err;
  }
  const opened = db;
  return {
    url: url.toString(),
    db: opened,
    async drop() {
      await opened.close().catch(() => {});
      try {
        await admin.pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    },
  };
}

/** One row count, e.g. `await count(db, 'SELECT count(*)::int AS n FROM versions WHERE ...', [id])`. */
export async function count(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await queryText<{ n: number }>(db, sql, params);
  return Number(rows[0]?.n ?? 0);
}
