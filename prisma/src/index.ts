export { openPools, type DatabasePools, type DatabaseTarget, type SqlPool, type SqlResult, type SqlSession } from './connect.ts';
export { applyPendingMigrations, diffMigrationsToSchema, loadMigrationList, migrationsDir } from './migrations.ts';
