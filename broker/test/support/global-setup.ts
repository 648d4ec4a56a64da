// Runs once before the test files: against PostgreSQL (DATABASE_URL), apply migrations once so
// parallel test files do not race to migrate the same database.
import { openDatabase } from '@treaty/prisma';

export default async function setup(): Promise<void> {
  // eslint-disable-next-line no-process-env -- test harness
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}
