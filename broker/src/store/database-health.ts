// What GET /health/ready asks the database: does it answer, and which migrations has it applied.
import { loadMigrationList } from '@treaty/prisma';
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export async function pingDatabase(db: Db): Promise<void> {
  await db.hot.rows(sql`SELECT 1`);
}

/** The names of the migrations the database has finished applying (none when it was never migrated). */
export async function appliedMigrationNames(db: Db): Promise<Set<string>> {
  const table = await db.hot.one<{ present: boolean }>(sql`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
  if (!table.present) return new Set();
  const rows = await db.hot.rows<{ migration_name: string }>(
    sql`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.map((r) => r.migration_name));
}

let expected: Promise<string[]> | undefined;

/** The migrations in prisma/migrations, in order. The folder does not change while the process runs: read once. */
export function expectedMigrationNames(): Promise<string[]> {
  return (expected ??= loadMigrationList().then((l) => l.migrationDirectories.map((m) => m.path)));
}
