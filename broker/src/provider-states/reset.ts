import type { SqlRunner } from '@treaty/prisma';

/** Empties every Treaty table (not the migration history). Test mode only: see provider-states route. */
export async function resetAllData(sql: SqlRunner): Promise<void> {
  const tables = await sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  await sql.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
