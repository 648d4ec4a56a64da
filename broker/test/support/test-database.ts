// The database a test runs against: a fresh in-memory PGlite (migrated) by default, or the
// PostgreSQL database named by DATABASE_URL (migrated once by the global setup). Tests never
// truncate: each one creates its own uniquely named data (see seed.ts), so they can share one DB.
import { readFile } from 'node:fs/promises';
import { openPools } from '@treaty/prisma';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db.ts';

export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

export async function openTestDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (url) {
    const db = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    await db.migrate();
    return db;
  }
  const templatePath = inject('pgliteTemplatePath');
  const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
  const db = await openDatabase({ kind: 'embedded-memory', ...(template ? { template } : {}) });
  await db.migrate();
  return db;
}

/**
 * A database of its own, for a test that must empty or reshape all data (the provider-state
 * endpoint truncates every table): a fresh in-memory PGlite, or a new scratch PostgreSQL database
 * created next to DATABASE_URL's and dropped by `close()`.
 */
export async function openIsolatedTestDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) return openTestDatabase();
  const name = `treaty_isolated_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await openPools({ kind: 'postgres', url, poolSize: 1 });
  await admin.pool.query(`CREATE DATABASE "${name}"`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: scratchUrl.toString(), poolSize: 4 });
  await db.migrate();
  return {
    ...db,
    async close() {
      await db.close();
      await admin.pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Runs SQL text on a test database (helpers that take a statement as text); the rows it returns. */
export async function queryText<Row = Record<string, unknown>>(
  db: Database,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  return (await db.pools.pool.query(text, params)).rows as Row[];
}
