// Seeding a whole database: PostgreSQL (recreated, so a run always starts from the same data) or an
// embedded PGlite data folder. Both are migrated with the broker's own migration runner first.
import { openDatabase, type Database } from '../../src/store/db.ts';
import { recreatePostgresDatabase } from '../postgres-admin.ts';
import { seedDataset, type RowCounts, type SeedOptions } from './seed.ts';

async function seedInto(db: Database, options: SeedOptions): Promise<RowCounts> {
  try {
    await db.migrate();
    const counts = await seedDataset(db, options);
    // Fresh statistics and visibility maps, as autovacuum would leave them after a bulk load;
    // without them the first plans on a just-loaded database are not representative.
    options.onProgress?.('VACUUM ANALYZE...');
    await db.pools.pool.query('VACUUM ANALYZE');
    return counts;
  } finally {
    await db.close();
  }
}

export async function seedPostgres(url: string, options: SeedOptions): Promise<RowCounts> {
  await recreatePostgresDatabase(url);
  return seedInto(await openDatabase({ kind: 'postgres', url, poolSize: 2 }), options);
}

/** `dataDir` must be a new, empty folder. */
export async function seedPglite(dataDir: string, options: SeedOptions): Promise<RowCounts> {
  return seedInto(await openDatabase({ kind: 'embedded', dataDir }), options);
}
