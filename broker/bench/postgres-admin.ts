// Creating and dropping the benchmark's own database, through the server's `postgres` database.
import { openPools, type SqlSession } from '@treaty/prisma';

export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/treaty_bench';

function split(url: string): { adminUrl: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`the benchmark database name must be letters, digits and _ (got "${name}")`);
  u.pathname = '/postgres';
  return { adminUrl: u.toString(), name };
}

async function admin<T>(url: string, fn: (client: SqlSession, name: string) => Promise<T>): Promise<T> {
  const { adminUrl, name } = split(url);
  const db = await openPools({ kind: 'postgres', url: adminUrl, poolSize: 1 });
  try {
    return await fn(db.pool, name);
  } finally {
    await db.close();
  }
}

/** Drops (WITH FORCE: a killed broker's connections must not block it) and creates the database. */
export function recreatePostgresDatabase(url: string): Promise<void> {
  return admin(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

export function dropPostgresDatabase(url: string): Promise<void> {
  return admin(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

export function postgresDatabaseExists(url: string): Promise<boolean> {
  return admin(url, async (client, name) => (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rows.length === 1);
}
