export { openDatabase, Prisma, type DatabaseTarget, type PrismaClient, type SqlRunner, type TreatyDatabase } from './connect.ts';
export { applyPendingMigrations, diffMigrationsToSchema, loadMigrationList, migrationsDir } from './migrations.ts';
