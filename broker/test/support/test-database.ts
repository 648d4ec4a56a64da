// The database a test runs against: a fresh in-memory PGlite (migrated) by default, or the
// PostgreSQL database named by DATABASE_URL (migrated once by the global setup). Tests never
// truncate: each one creates its own uniquely named data (see seed.ts), so they can share one DB.
import { openDatabase, type TreatyDatabase } from '@treaty/prisma';

// eslint-disable-next-line no-process-env -- tests choose their database the same way CI does
export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

export async function openTestDatabase(): Promise<TreatyDatabase> {
  const url = testDatabaseUrl();
  const db = await openDatabase(url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'embedded-memory' });
  await db.migrate();
  return db;
}
