// The writes behind POST /_pact/provider-states (TEST MODE ONLY, see http/routes/provider-states.ts):
// empty every table, and give records the fixed uuids the Pact Broker client's own pacts expect.
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';

/** Empties every Treaty table (not the migration history, nor the answer generation: it must only grow, see store/answer-cache.ts). */
export async function resetAllData(db: Db): Promise<void> {
  // The table names come from the catalogue and are quoted there (format %I), so no name is spliced in here.
  await db.execute(sql`DO $$
    DECLARE tables text;
    BEGIN
      SELECT string_agg(format('%I', tablename), ', ') INTO tables
        FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'answer_generations');
      IF tables IS NOT NULL THEN
        EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
      END IF;
    END $$`);
}

export async function setEnvironmentUuid(db: Db, name: string, uuid: string): Promise<void> {
  await db.execute(sql`UPDATE environments SET uuid = ${uuid} WHERE name = ${name}`);
}

export async function setDeployedVersionUuid(db: Db, from: string, to: string): Promise<void> {
  await db.execute(sql`UPDATE deployed_versions SET uuid = ${to} WHERE uuid = ${from}`);
}
